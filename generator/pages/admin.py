"""The web editor's pages (/admin/): the page that loads Decap CMS and its configuration, made from the field table."""

from __future__ import annotations

from ..editor import Editor, editor_config, editor_yaml
from ..site.link import Site
from .route import Route, given

ADMIN_URL = "/admin/"


def routes(site: Site, editor: Editor) -> list[Route]:
    settings = editor_config(site.config, content_path=editor.content_path, repository=editor.repository)
    return [
        Route(ADMIN_URL, "admin.html", given({"title": "Éditeur du site", "version": editor.bundle.version,
                                              "repository": settings["backend"]["repo"]}), in_sitemap=False),
        Route(f"{ADMIN_URL}config.yml", "admin-config.yml", given({"settings": editor_yaml(settings)}),
              in_sitemap=False),
    ]
