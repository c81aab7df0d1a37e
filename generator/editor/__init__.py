"""The web editor at /admin/ (Decap CMS): its configuration, made from the field table, and its files.

:mod:`.collections` turns the field tables (actions, centres, pages, site settings) into Decap's
collections — pure, nothing written by hand; :mod:`.bundle` finds Decap's own files, installed
from the npm registry by ``npm ci`` (package.json, package-lock.json), and reads them for the build.
"""

from .bundle import Editor, EditorBundle, find_bundle, locate_editor
from .collections import editor_config, editor_yaml

__all__ = ["Editor", "EditorBundle", "editor_config", "editor_yaml", "find_bundle", "locate_editor"]
