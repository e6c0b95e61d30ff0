"""The last word on each built page: no asset from another site, its language's details, print URLs, the
theme's script fetched on first use, its CSP.

Pages come out of the theme byte for byte the same from one build to the next unless
their source changed, so the finished page is cached under the hash of the page as
the theme wrote it, of everything the steps read (the campaign and the interface
strings) and of the steps' own code (sitegen.tool_cache): a rebuild parses only the
pages that changed.
"""

from __future__ import annotations


import json
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError

from sitegen import html_edit, tool_cache
from sitegen.checks import html_refs
from sitegen.html_edit import Document
from sitegen.postbuild import csp, external_assets, languages, print_urls


@lru_cache(maxsize=1)
def code_version() -> str:
    """The steps' own source: a change to any of them is a new cache entry for every page."""
    sources = [Path(m.__file__) for m in (html_edit, html_refs, languages, csp, external_assets, print_urls)]
    sources.append(Path(__file__))
    return tool_cache.key(*(source.read_bytes() for source in sources))


def data_version(data) -> str:
    return tool_cache.key(data.page_inputs)


def finish(output: str, data, lang: str, url: str, offline: bool) -> str:
    parts = [code_version(), data_version(data), output, lang, url, str(offline)]
    return tool_cache.cached("page", parts, lambda: {"page.html": _finish(output, data, lang, url, offline)
                                                     .encode("utf-8")})["page.html"].decode("utf-8")


def _finish(output: str, data, lang: str, url: str, offline: bool) -> str:
    doc = Document(output)  # parsed once; each step adds its edits
    external_assets.check(doc, urlsplit(url).hostname)  # raises before anything is cached
    languages.localise(doc, data, lang, url, data.prefix(lang) or None)
    drop_checkbox_autocomplete(doc)
    defer_theme_script(doc, url)
    # file:// pages have no origin for 'self' to match: the offline pack carries no policy.
    if not offline:
        csp.add_policy(doc)  # last: it hashes the inline scripts as the other steps left them
    return doc.result()


def drop_checkbox_autocomplete(doc: Document) -> None:
    """No `autocomplete` on a checkbox: HTML allows it on text-like inputs only.

    The theme writes `autocomplete="off"` on its drawer and search toggles (`__drawer`, `__search`),
    an error in the Nu Html Checker on every page. They sit in base.html outside any block and no
    partial draws them, so the alternative was a copy of the whole base.html to keep in step with
    every theme release; the attribute is dropped here instead, through the HTML parser. It kept
    a browser going Back from restoring the toggles checked (the drawer open): site.js now starts
    them closed.
    """
    for toggle in doc.find_all("input", type="checkbox"):
        if "autocomplete" in toggle.attrs:
            doc.remove_attr(toggle, "autocomplete")


# The theme's own script, as base.html names it (theme_patches checks the same bundle's code).
THEME_SCRIPT = re.compile(r"(^|/)assets/javascripts/bundle\.[0-9a-f]+\.min\.js$")


def defer_theme_script(doc: Document, url: str) -> None:
    """The theme's script becomes a data block naming it: site.js fetches it at the first touch, key or scroll.

    It is about two thirds of a page's compressed weight, and the page reads without it: the drawer,
    the search dialog and the page's own tools are HTML and our scripts. What it adds (search, the
    header's title, the contents' highlight) is needed once the reader acts, and arrives then. A data
    block keeps its URL where the fingerprint step rewrites it (a JSON string, as the theme's config).
    A page with scripts of its own after the theme's (a page tool, `extra_javascript`) loads it with
    the page, as the theme does: those may build on it, and a reader using a tool sees no request.
    """
    if doc.find("script", id="__config") is None:
        return  # not a page the theme drew
    scripts = doc.find_all("script")
    found = [s for s in scripts if THEME_SCRIPT.search(s.get("src") or "")]
    if len(found) != 1:
        raise PluginError(f"finish: {url} has {len(found)} scripts named assets/javascripts/bundle.*.min.js, "
                          "not one; the theme changed, re-check how site.js loads it")
    script = found[0]
    if any(other.get("src") and other.start > script.start for other in scripts):
        return  # the page's own tools come after it, and may need it; nothing is fetched while they are used
    src = script.get("src")
    attrs = {key: value for key, value in script.attrs.items() if key != "src"}
    doc.set_attrs(script, {**attrs, "type": "application/json", "data-deferred-script": None})
    doc.replace_inner(script, json.dumps(src))
