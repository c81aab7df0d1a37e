"""The web editor's pages (/admin/): the page that loads Decap CMS and its configuration, made from the field table."""

from __future__ import annotations

from .. import urls
from ..editor import Editor, editor_config, editor_yaml
from ..site.link import Site
from .route import Route, given


def routes(site: Site, editor: Editor) -> list[Route]:
    settings = editor_config(site.config, content_path=editor.content_path, repository=editor.repository)
    return [
        Route(urls.admin_url(), "admin.html", given({"title": "Éditeur du site", "version": editor.bundle.version,
                                              "repository": settings["backend"]["repo"],
                                              "content_path": editor.content_path}), in_sitemap=False),
        Route(urls.admin_url("config.yml"), "admin-config.yml", given({"settings": editor_yaml(settings)}),
              in_sitemap=False),
    ]
