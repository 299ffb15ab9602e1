"""The edition's MkDocs plugin (`plugins: - edition` in mkdocs.yml): what the site build needs
from the edition, through MkDocs' own doors rather than a rewritten configuration.

- **Redirects.** The page redirects of `redirects.txt` (beside mkdocs.yml) become the
  mkdocs-redirects plugin's `redirect_maps`, each new page found among the site's own files,
  so a URL is mapped to its page by MkDocs and by nothing else.
- **Search.** With `extra: search: pagefind`, Material's search is turned off (the site's index
  is Pagefind's, made after MkDocs by `build.py site`).
- **Preview.** With EDITION_PREVIEW=1 (set by `build.py serve`), every page loads the preview
  script (the build's problems in a banner), and MkDocs does not list every page outside the nav.
- **Shards.** With EDITION_SHARD=k/n in the environment (edition/publish/mkdocs_build.py sets
  it), MkDocs renders the pages of the navigation and every n-th of the others, counted from k
  in the order of their paths; the others are marked excluded. MkDocs still knows an excluded
  file, so links to it are written as in a whole build.

MkDocs loads this module by the entry point in pyproject.toml (`make` installs the project).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files, InclusionLevel

from .. import paths
from ..build.urls import page_redirects, read_redirects
from ..problems import Problems
from .mkdocs_build import PREVIEW, VARIABLE


class EditionConfig(Config):  # type: ignore[no-untyped-call]
    # redirects.txt, relative to mkdocs.yml: one redirect a line, "OLD NEW" (see the README, "URLs")
    redirects = config_options.Type(str, default="redirects.txt")


class EditionPlugin(BasePlugin[EditionConfig]):  # type: ignore[no-untyped-call]
    """Redirects from redirects.txt; the search backend; the preview; one shard's share of the pages."""

    @event_priority(100)  # before Material's search sets itself up, in its own on_config
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        extra = config.extra
        if extra.get("search") == "pagefind":
            for name in ("material/search", "search"):
                search = config.plugins.get(name)
                if search is not None and hasattr(search.config, "enabled"):
                    search.config.enabled = False
        if os.environ.get(PREVIEW):
            config.extra_javascript.append(ExtraScriptValue(paths.PREVIEW_SCRIPT))
            config.validation.nav.omitted_files = logging.DEBUG  # MkDocs lists every letter: not here
        return config

    @event_priority(100)  # before mkdocs-redirects reads its redirect_maps, in its own on_files
    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        self.add_redirects(files, config)
        if os.environ.get(VARIABLE):
            keep_shard(files, config, os.environ[VARIABLE])
        return files

    def add_redirects(self, files: Files, config: MkDocsConfig) -> None:
        path = Path(config.config_file_path or "mkdocs.yml").parent / self.config.redirects
        problems = Problems()
        redirects = read_redirects(path, problems)
        if problems.errors:
            raise PluginError("\n".join(str(p) for p in problems.errors))
        pages = {"/" + f.url: f.src_uri for f in files.documentation_pages()}
        maps = page_redirects(pages, redirects)
        if not maps:
            return
        plugin = config.plugins.get("redirects")
        if plugin is None:
            raise PluginError(f"{path.name} declares {len(maps)} page redirect(s), but mkdocs.yml does"
                              " not list the redirects plugin; add `- redirects` under plugins")
        plugin.config["redirect_maps"] = {**plugin.config.get("redirect_maps", {}), **maps}


def keep_shard(files: Files, config: MkDocsConfig, shard: str) -> None:
    """Exclude the pages that other shards render: shard k of n keeps every n-th from k."""
    k, _, n = shard.partition("/")
    first, count = int(k), int(n)
    in_nav = set(nav_paths(config.nav))
    others = sorted(f.src_uri for f in files.documentation_pages() if f.src_uri not in in_nav)
    mine = set(others[first::count])
    for file in files.documentation_pages():
        if file.src_uri not in in_nav and file.src_uri not in mine:
            file.inclusion = InclusionLevel.EXCLUDED


def nav_paths(items: Any) -> Iterator[str]:
    """The Markdown files that the `nav` of mkdocs.yml names, at any depth."""
    if isinstance(items, str):
        yield items
    elif isinstance(items, dict):
        for value in items.values():
            yield from nav_paths(value)
    elif isinstance(items, list):
        for item in items:
            yield from nav_paths(item)
