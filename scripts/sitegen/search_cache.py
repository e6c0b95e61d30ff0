"""The theme's search entries for a page, kept under the page's content (sitegen.tool_cache).

Material's search plugin cuts every page into sections and every run of Chinese into
words (jieba) on every build: about a quarter of a build, and jieba's dictionary takes
half a second to load for it alone. A page whose HTML, table of contents, address, title
and front matter are the ones seen before gets the same entries, so they are kept under
the hash of those and of the search plugin's code and options (its jieba dictionaries
among them): a rebuild reads them back, and jieba is loaded only when a page changed.

This wraps one method of the theme's search index (`add_entry_from_context`, which appends
a page's entries to `entries`); if the theme renames either, the build stops here, and
tests/test_tool_cache.py compares a rebuilt site, index included, with the one built without the cache.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from mkdocs.exceptions import PluginError

from sitegen import tool_cache

TOOL = "search-entries"


def use(config) -> None:
    """Serve the search plugin's page entries from the cache (again after it makes a new index)."""
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    if plugin is None or not getattr(plugin.config, "enabled", True):
        return
    index = getattr(plugin, "search_index", None)
    add = getattr(index, "add_entry_from_context", None)
    if add is None or not isinstance(getattr(index, "entries", None), list):
        raise PluginError("search_cache: the theme's search index has no add_entry_from_context() and entries; "
                          "the theme changed, re-check sitegen/search_cache.py")
    if getattr(add, "sitegen_cached", False):
        return
    options = json.dumps(dict(plugin.config), sort_keys=True, default=str)
    index.add_entry_from_context = _cached(index, add, tool_cache.key(_plugin_code(type(plugin)), options))


def _cached(index, add, code: str):
    def add_cached(page) -> None:
        parts = [code, page.url, str(page.title), page.content, json.dumps(_toc(page.toc)),
                 json.dumps(page.meta, sort_keys=True, default=str)]
        found = tool_cache.lookup(TOOL, parts)
        if found is not None:
            index.entries.extend(json.loads(found["entries.json"]))
            return
        before = len(index.entries)
        add(page)
        tool_cache.store(TOOL, parts, {"entries.json": json.dumps(index.entries[before:]).encode("utf-8")})
    add_cached.sitegen_cached = True
    return add_cached


def _toc(items) -> list:
    """What the entries take from the table of contents: each heading's id and address, nested."""
    return [[item.id, item.url, _toc(item.children)] for item in items]


@lru_cache(maxsize=None)
def _plugin_code(plugin_class) -> str:
    """The search plugin's own source: another theme version is another cache entry."""
    import sys
    return tool_cache.key(Path(sys.modules[plugin_class.__module__].__file__).read_bytes(), Path(__file__).read_bytes())
