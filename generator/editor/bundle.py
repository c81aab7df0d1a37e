"""Decap CMS's own files, as ``npm ci`` installed them (node_modules/decap-cms/dist): found, checked, read.

They are never committed nor fetched at run time: the project's package.json pins the version and
package-lock.json the exact files. Without them (no Node on the machine) the site is built without
/admin/, and the build says so.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..urls import admin_url, output_path

PACKAGE = "decap-cms"
ENTRY = "decap-cms.js"
# The entry script, the chunks it loads from beside itself, its WebAssembly, and its licence notice.
_SHIPPED = re.compile(r"(decap-cms\.js|[0-9]+\.decap-cms\.js|[0-9a-f]+\.wasm|decap-cms\.js\.LICENSE\.txt)")
PROJECT = Path(__file__).resolve().parents[2]  # the checkout holding the package (editable install): its node_modules


@dataclass(frozen=True)
class EditorBundle:
    """Decap's files in an installed package: where, which version."""

    dist: Path  # node_modules/decap-cms/dist, absolute
    version: str

    def files(self) -> dict[str, bytes]:
        """Output path (``admin/decap-cms.js``) -> bytes, for every file the editor loads."""
        return dict(_read(str(self.dist), *_stamp(self.dist)))


@dataclass(frozen=True)
class Editor:
    """What /admin/ is made of in one build: Decap's files and where the content lies in its repository."""

    bundle: EditorBundle
    content_path: str  # the content folder relative to the repository's root: "content"
    repository: str = ""  # « owner/name » when site.toml does not say (Netlify's REPOSITORY_URL)

    @property
    def inputs(self) -> tuple[Path, ...]:
        """What a build reads for it besides the content and the theme: Decap's folder."""
        return (self.bundle.dist,)


def locate_editor(content_dir: Path, repository: str = "") -> Editor | None:
    """The editor of a build of ``content_dir``: Decap's files from its node_modules (or the project's); None without."""
    bundle = find_bundle(content_dir, PROJECT)
    return None if bundle is None else Editor(bundle, content_path(content_dir), repository)


def content_path(content_dir: Path) -> str:
    """``content_dir`` relative to the root of its git repository (the folder holding ``.git``); its name without."""
    folder = content_dir.resolve()
    root = next((f for f in (folder, *folder.parents) if (f / ".git").exists()), None)
    return folder.relative_to(root).as_posix() if root else folder.name


def find_bundle(*starts: Path) -> EditorBundle | None:
    """Decap's installed files in the node_modules of ``starts`` or one of their parents; None if there are none."""
    for start in starts:
        for folder in (start.resolve(), *start.resolve().parents):
            package = folder / "node_modules" / PACKAGE
            if (package / "dist" / ENTRY).is_file():
                try:
                    version = json.loads((package / "package.json").read_text(encoding="utf-8"))["version"]
                except (OSError, ValueError, KeyError):
                    continue
                return EditorBundle(package / "dist", str(version))
    return None


def _stamp(dist: Path) -> tuple[tuple[str, int, int], ...]:
    """Name, size and modification time of the shipped files: reading them again only when one changed."""
    return tuple((p.name, (s := p.stat()).st_size, s.st_mtime_ns)
                 for p in sorted(dist.iterdir()) if _SHIPPED.fullmatch(p.name))


@lru_cache(maxsize=2)  # about 6 MB, read once per process (serve rebuilds many times)
def _read(dist: str, *stamp: tuple[str, int, int]) -> tuple[tuple[str, bytes], ...]:
    return tuple((output_path(admin_url(name)), (Path(dist) / name).read_bytes()) for name, _, _ in stamp)


__all__ = ["Editor", "EditorBundle", "content_path", "find_bundle", "locate_editor"]
