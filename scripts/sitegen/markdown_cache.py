"""Each page's Markdown converted once, and kept under everything the conversion reads (sitegen.tool_cache).

MkDocs converts every page on every build: a third of a build here, though a page whose
Markdown, address, Markdown options and site files are the ones seen before gives the
same HTML. This wraps MkDocs' `Page.render`; the key covers the page's Markdown (after the
plugins' on_page_markdown), its file's addresses, every file of the site (links resolve
against them), the Markdown options and validation levels, and the code of MkDocs' pages
module, of Python-Markdown and of each extension (an extension object must say what it
depends on: `cache_key()`; without it, pages are converted as before).

What a rendering sets on the page (RESULTS) is kept; a rendering that logged anything is
not kept, so its warnings are seen on every build, and `--strict` still fails on them.
If MkDocs' `Page.render` sets anything else, the build stops here with a message to
re-check this module; tests/test_tool_cache.py also compares a cached rebuild with the
site built without the cache.
"""

from __future__ import annotations

import importlib.util
import json
import logging
from functools import lru_cache
from pathlib import Path

import markdown
from mkdocs.exceptions import PluginError
from mkdocs.structure import pages, toc

from sitegen import tool_cache

TOOL = "markdown"
RESULTS = ("content", "toc", "_title_from_render", "present_anchor_ids", "links_to_anchors")


def use() -> None:
    """Pages convert through the cache from now on in this process (once: MkDocs runs on_config per language)."""
    if not getattr(pages.Page.render, "sitegen_cached", False):
        pages.Page.render = cached_render(pages.Page.render)


def cached_render(render):
    def render_cached(page, config, files) -> None:
        parts = key_parts(page, config, files)
        if parts is None:
            return render(page, config, files)
        found = tool_cache.lookup(TOOL, parts)
        if found is not None:
            return restore(page, json.loads(found["page.json"]), files)
        before = dict(vars(page))
        with Logged() as logged:
            render(page, config, files)
        check_results(page, before)
        if not logged.records:
            tool_cache.store(TOOL, parts, {"page.json": json.dumps(kept(page), ensure_ascii=False).encode("utf-8")})
        return None
    render_cached.sitegen_cached = True
    return render_cached


def key_parts(page, config, files) -> list[str] | None:
    """What the page's conversion reads, or None when an extension cannot say what it depends on."""
    extensions = [extension_key(ext, config["mdx_configs"] or {}) for ext in config["markdown_extensions"]]
    if None in extensions:
        return None
    return [code_version(), *extensions, json.dumps(dict(config["validation"]), sort_keys=True, default=str),
            str(config["use_directory_urls"]), files_key(files),
            page.file.src_uri, page.file.dest_uri, page.file.url, page.markdown]


def extension_key(ext, options: dict) -> str | None:
    """An extension named in mkdocs.yml: its module's code and its options. An extension object (a plugin's):
    its class's code and its `cache_key()`."""
    if isinstance(ext, str):
        code = module_code(ext.partition(":")[0])
        return None if code is None else f"{ext}:{code}:{json.dumps(options.get(ext), sort_keys=True, default=str)}"
    cache_key = getattr(ext, "cache_key", None)
    code = module_code(type(ext).__module__)
    return None if cache_key is None or code is None else f"{type(ext).__qualname__}:{code}:{cache_key()}"


@lru_cache(maxsize=None)
def module_code(name: str) -> str | None:
    for candidate in (name, f"markdown.extensions.{name}"):  # Python-Markdown's own extensions go by short names
        try:
            spec = importlib.util.find_spec(candidate)
        except (ImportError, ValueError):
            spec = None
        if spec is not None and spec.origin and Path(spec.origin).is_file():
            return tool_cache.key(Path(spec.origin).read_bytes())
    return None


@lru_cache(maxsize=1)
def code_version() -> str:
    return tool_cache.key(Path(pages.__file__).read_bytes(), Path(toc.__file__).read_bytes(), markdown.__version__,
                          Path(__file__).read_bytes())


@lru_cache(maxsize=8)  # by identity (MkDocs' Files has no equality): `mkdocs serve` makes new files on every rebuild
def files_key(files) -> str:
    """Every file's addresses and kind, once per set of files (a build has one per language)."""
    rows = sorted([f.src_uri, f.dest_uri, f.url, str(f.inclusion), f.is_documentation_page()] for f in files)
    return tool_cache.key(json.dumps(rows))


def kept(page) -> dict:
    """RESULTS as JSON: the table of contents as the tokens it was made from, linked files by their source path."""
    links = getattr(page, "links_to_anchors", None)
    return {"content": page.content, "toc": [token(item) for item in page.toc],
            "title": page._title_from_render, "anchors": sorted(page.present_anchor_ids or ()),
            "links": None if links is None else {f.src_uri: anchors for f, anchors in links.items()}}


def token(item) -> dict:
    return {"name": item.title, "id": item.id, "level": item.level, "children": [token(c) for c in item.children]}


def restore(page, entry: dict, files) -> None:
    """Set RESULTS from a kept entry. Every linked file is in `files`: they are part of the key."""
    if entry["links"] is not None:
        page.links_to_anchors = {files.get_file_from_path(src): anchors for src, anchors in entry["links"].items()}
    page.content = entry["content"]
    page.toc = toc.get_toc(entry["toc"])
    page._title_from_render = entry["title"]
    page.present_anchor_ids = set(entry["anchors"])


def check_results(page, before: dict) -> None:
    """Stop when MkDocs' rendering set something this cache would not restore."""
    changed = [k for k, v in vars(page).items() if k not in RESULTS and (k not in before or before[k] is not v)]
    if changed:
        raise PluginError(f"markdown_cache: MkDocs' Page.render now also sets {', '.join(sorted(changed))}; "
                          "MkDocs changed, re-check sitegen/markdown_cache.py")


class Logged(logging.Handler):
    """The records logged from INFO up while it is entered, on MkDocs' logger (which does not pass them on)
    and the root's."""

    LOGGERS = ("mkdocs", "")

    def __init__(self):
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record) -> None:
        self.records.append(record)

    def __enter__(self):
        for name in self.LOGGERS:
            logging.getLogger(name).addHandler(self)
        return self

    def __exit__(self, *exc) -> None:
        for name in self.LOGGERS:
            logging.getLogger(name).removeHandler(self)
