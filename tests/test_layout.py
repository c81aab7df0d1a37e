"""The package's layout: one sub-package per concern, dependencies pointing one way (DESIGN.md, « Architecture »)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "generator"
BASE = {"errors", "urls", "french", "parallel", "progress", "output", "deploy"}  # lower layers, importing nothing above them

# What each part may import besides the lower layers: data flows content → site → pages → render → output → search.
ALLOWED = {
    "base": set(),
    "content": set(),
    "importer": {"content"},
    "site": {"content"},
    "editor": {"content"},
    "pages": {"content", "site", "editor"},
    "incremental": {"content", "site"},
    "render": {"content", "site", "pages", "incremental", "editor"},
    "search": set(),
    "review": {"content", "site", "pages", "render"},
    "build": {"content", "site", "pages", "incremental", "render", "search", "review", "editor"},
    "serve": {"build", "incremental", "search"},
    "commands": {"build", "content", "importer", "serve", "search"},
}


def _part(module: str) -> str:
    """The part of the package a dotted module name (inside ``generator``) belongs to."""
    top = module.split(".")[0]
    if top == "__main__":  # `python -m generator` is the command line
        return "commands"
    return "base" if top in BASE or top == "__init__" else top


def _imports(path: Path) -> set[str]:
    """The modules of the package that ``path`` imports, as dotted names inside ``generator``."""
    own = path.relative_to(PACKAGE).with_suffix("").parts
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            anchor = list(own[:-1])[:len(own) - node.level] if node.level > 1 else list(own[:-1])
            base = anchor + (node.module.split(".") if node.module else [])
            # `from .. import name`: a module of that folder, or a name its __init__ defines (``__version__``)
            names = [base] if node.module else [base + [alias.name] if _is_module(base + [alias.name])
                                                 else base + ["__init__"] for alias in node.names]
            found.update(".".join(name) for name in names if name)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("generator."):
            found.add(node.module.removeprefix("generator."))
    return found


def _is_module(parts: list[str]) -> bool:
    path = PACKAGE.joinpath(*parts)
    return path.is_dir() or path.with_suffix(".py").is_file()


def test_dependencies_point_one_way():
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        part = _part(".".join(path.relative_to(PACKAGE).with_suffix("").parts))
        for imported in _imports(path):
            other = _part(imported)
            if other not in ("base", part) and other not in ALLOWED[part]:
                wrong.append(f"{path.relative_to(PACKAGE)} imports {imported} ({part} → {other})")
            if part == "base" and other != "base":
                wrong.append(f"{path.relative_to(PACKAGE)} imports {imported}: a lower layer imports a part above it")
    assert not wrong, "\n".join(wrong)


def test_tests_mirror_the_sub_packages():
    parts = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()} - {"commands"}
    tests = Path(__file__).parent
    missing = sorted(part for part in parts if not list((tests / part).glob("test_*.py")))
    assert not missing, f"sub-packages without tests/<name>/: {missing}"


def test_every_file_of_the_default_theme_is_installed_with_the_package():
    """`pip install .` (Netlify's build) copies the theme through pyproject's data-files: none may be missed."""
    import glob
    import tomllib

    root = PACKAGE.parent
    data_files = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["data-files"]
    installed = {Path(found).relative_to(root).as_posix() for patterns in data_files.values() for pattern in patterns
                 for found in glob.glob(str(root / pattern)) if Path(found).is_file()}
    theme = {p.relative_to(root).as_posix() for p in (root / "themes" / "default").rglob("*")
             if p.is_file() and p.name != "screenshot.png"}
    assert theme - installed == set()
