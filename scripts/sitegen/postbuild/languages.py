"""Make each language a self-contained site inside the one build.

mkdocs-static-i18n builds every language in one process and leaves three things
shared: the `<html lang>` value, one 404.html (from the last language built) and
one search index holding every language. Here each language gets its own, and each
page's head and header are finished: absolute hreflang alternates, a named search
dialog, a site name that fits a phone, and its print URLs.
"""

from __future__ import annotations

import html
import json
import posixpath
from pathlib import Path
from urllib.parse import urljoin

from mkdocs.exceptions import PluginError

from sitegen import search_rules, sitedata, tool_cache
from sitegen.html_edit import Document
from sitegen.postbuild import print_urls


def localise(doc: Document, data, lang: str, page_url: str, base_prefix: str | None) -> None:
    """Set `<html lang>`, name the search dialog, make hreflang alternates absolute (search engines
    ignore relative ones), fit the site name, point search at this language's index (`base_prefix`:
    the language's folder, None for the default language) and write print URLs into the article."""
    root = doc.find("html")
    if root is None or "lang" not in root.attrs:
        raise PluginError("languages: the theme's <html lang> attribute was not found")
    doc.set_attr(root, "lang", data.t(lang, "html_lang"))
    dialog = doc.find("div", class_="md-search", data_md_component="search", role="dialog")
    if dialog is not None:
        doc.set_attr(dialog, "aria-label", data.t(lang, "search_dialog"))
    for link in doc.find_all("link", rel="alternate"):
        if link.get("hreflang") and link.get("href"):
            doc.set_attr(link, "href", urljoin(page_url, link.get("href")))
    short_site_name(doc, data, lang)
    if base_prefix is not None:
        rebase_search(doc, base_prefix)
    print_urls.add(doc, page_url)


def rebase_search(doc: Document, base_prefix: str) -> None:
    """The theme's config names the site's root as `base`: search looks for its index there."""
    script = doc.find("script", id="__config")
    if script is None:
        raise PluginError("languages: the theme's __config script was not found")
    app = json.loads(doc.inner(script))
    app["base"] = posixpath.join(app["base"], base_prefix).rstrip("/") + "/"  # a directory URL
    doc.replace_inner(script, json.dumps(app, ensure_ascii=False))


def short_site_name(doc: Document, data, lang: str) -> None:
    """A phone shows the language's `short_name` in the header, where the full name would be cut off.

    Screen readers and wider screens get the full name; the short one is for the eye only.
    """
    entry = next((e for e in data.campaign["languages"] if e.get("locale") == lang), {})
    short = entry.get("short_name")
    if not short:
        return
    topic = doc.find("div", class_="md-header__topic")
    name = next((e for e in doc.find_all("span", class_="md-ellipsis") if topic and topic in e.parents), None)
    if name is None:
        raise PluginError("languages: the theme's header site name was not found (short_name)")
    full = doc.inner(name).strip()
    doc.replace_inner(name, f'<span class="site-name--full">{full}</span>'
                            f'<span class="site-name--short" aria-hidden="true">{html.escape(short)}</span>')


def split_search_index(config):
    """One index per language, each with that language's search rules (after i18n merged them all)."""
    index_file = Path(config.site_dir) / "search" / "search_index.json"
    if not index_file.exists():
        return
    languages = sitedata.i18n_languages(config)
    data = sitedata.site_data(config)
    raw = index_file.read_bytes()
    # The same index and rules give the same split (every rebuild of an unchanged site): cached.
    sources = [Path(__file__).read_bytes(), Path(search_rules.__file__).read_bytes(), raw, " ".join(languages),
               json.dumps(data.search_rules, sort_keys=True, ensure_ascii=False, default=str)]
    split = tool_cache.cached("search-index", sources, lambda: _split(json.loads(raw), languages, data))
    for lang in languages:
        folder = index_file.parent if lang == languages[0] else Path(config.site_dir) / lang / "search"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "search_index.json").write_bytes(split[lang])


def _split(index: dict, languages: list[str], data) -> dict[str, bytes]:
    split = {lang: [] for lang in languages}
    for doc in index["docs"]:
        lang = next((l for l in languages[1:] if doc["location"].startswith(f"{l}/")), languages[0])
        if lang != languages[0]:
            doc = {**doc, "location": doc["location"][len(lang) + 1:]}
        split[lang].append(doc)
    out = {}
    for lang, docs in split.items():
        settings = dict(index["config"])
        if lang != languages[0]:
            settings["lang"] = ["en"]  # lunr's English pipeline; Chinese uses the default index
        own = search_rules.apply({"config": settings, "docs": docs}, data.search_rules.get(lang, {}))
        out[lang] = json.dumps(own, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return out
