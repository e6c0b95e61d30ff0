"""Make each language a self-contained site inside the one build.

mkdocs-static-i18n builds every language in one process and leaves three things
shared: the `<html lang>` value, one 404.html (from the last language built) and
one search index holding every language. Here each language gets its own (the index
read with the language's own lunr pipeline: `lunr_settings`), and each page's head and
header are finished: absolute hreflang alternates with an `x-default` (the default
language's version), a named search dialog, a site name that fits a phone, and its
print URLs. The sitemap's alternates get their `x-default` too, and a 404 page's
language links go to each language's home.
"""

from __future__ import annotations

import html
import json
import logging
import posixpath
from pathlib import Path
from urllib.parse import urljoin
from xml.etree import ElementTree

from mkdocs.exceptions import PluginError

from sitegen import search_rules, sitedata, tool_cache
from sitegen.html_edit import Document
from sitegen.postbuild import print_urls

log = logging.getLogger("mkdocs.plugins.sitegen")

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"
X_DEFAULT = "x-default"


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
    alternates = [link for link in doc.find_all("link", rel="alternate") if link.get("hreflang") and link.get("href")]
    for link in alternates:
        doc.set_attr(link, "href", urljoin(page_url, link.get("href")))
    add_x_default(doc, data, page_url, alternates)
    short_site_name(doc, data, lang)
    if base_prefix is not None:
        rebase_search(doc, base_prefix)
    print_urls.add(doc, page_url)


def add_x_default(doc: Document, data, page_url: str, alternates) -> None:
    """`hreflang="x-default"`: the page for a reader whose language the site does not have,
    the default language's version of this page (search engines read it from the head)."""
    if not alternates or any(link.get("hreflang") == X_DEFAULT for link in alternates):
        return
    default = next((link for link in alternates if link.get("hreflang") == data.default), None)
    if default is None:
        raise PluginError(f"languages: {page_url} has hreflang alternates but none for {data.default}")
    href = html.escape(urljoin(page_url, default.get("href")))
    doc.insert_after(alternates[-1], f'<link rel="alternate" href="{href}" hreflang="{X_DEFAULT}">')


def home_links(config, data) -> None:
    """A 404 page is no page's translation: its language switcher and alternates go to each language's home.

    Material builds both from `config.extra.alternate`. For every page, mkdocs-static-i18n sets it as
    an attribute of `extra` (its key keeps the language's list), and the template reads the attribute
    first: a 404 page would keep the links of the page rendered before it. Both are set here; the
    i18n plugin sets the attribute again for the next page.
    """
    page = "" if config.use_directory_urls else "index.html"  # as mkdocs-static-i18n writes a home's link
    homes = [{**alt, "link": data.home_path(config.site_url, alt["lang"]) + page}
             for alt in config.extra.get("alternate") or []]
    config.extra["alternate"] = homes
    config.extra.alternate = homes


def sitemap_x_default(xml: str, default: str) -> str:
    """Each sitemap entry's alternates (mkdocs-static-i18n's sitemap.xml) get an `x-default`: the
    default language's URL, as in the pages' heads."""
    ElementTree.register_namespace("", SITEMAP)
    ElementTree.register_namespace("xhtml", XHTML)
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError as err:
        raise PluginError(f"languages: the sitemap the i18n plugin wrote is not well-formed XML: {err}") from None
    for entry in root.iter(f"{{{SITEMAP}}}url"):
        links = entry.findall(f"{{{XHTML}}}link")
        hrefs = {link.get("hreflang"): link.get("href") for link in links}
        if not links or X_DEFAULT in hrefs or default not in hrefs:
            continue
        link = ElementTree.Element(f"{{{XHTML}}}link", {"rel": "alternate", "hreflang": X_DEFAULT,
                                                        "href": hrefs[default]})
        # After the last alternate, indented like it: what followed that one now follows this one.
        link.tail = links[-1].tail
        links[-1].tail = links[-2].tail if len(links) > 1 else link.tail
        entry.insert(list(entry).index(links[-1]) + 1, link)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(root, encoding="unicode") + "\n"


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
    """One index per language, each with that language's search rules and lunr settings (after i18n merged them all)."""
    index_file = Path(config.site_dir) / "search" / "search_index.json"
    if not index_file.exists():
        return
    languages = sitedata.i18n_languages(config)
    data = sitedata.site_data(config)
    stemmed = lunr_languages(Path(config.site_dir) / LUNR)
    raw = index_file.read_bytes()
    # The same index and rules give the same split (every rebuild of an unchanged site): cached.
    sources = [Path(__file__).read_bytes(), Path(search_rules.__file__).read_bytes(), raw, " ".join(languages),
               " ".join(sorted(stemmed)),
               json.dumps([data.search_rules, [question_aliases(data, l) for l in languages]], sort_keys=True,
                          ensure_ascii=False, default=str)]
    split = tool_cache.cached("search-index", sources, lambda: _split(json.loads(raw), languages, data, stemmed))
    for lang in languages:
        folder = index_file.parent if lang == languages[0] else Path(config.site_dir) / lang / "search"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "search_index.json").write_bytes(split[lang])
        if not lunr_settings(lang, stemmed)["lang"]:  # said on every build, cached or not
            log.info(f"search: lunr has no stemmer for '{lang}' (the theme has no {LUNR}/lunr.{lunr_code(lang)}"
                     f".min.js): its index matches words as written, with no stemmer and no stop-word filter")


# The lunr-languages files the theme ships (Material's search worker loads lunr.<lang>.min.js from here for each
# language an index names in `config.lang`), as copied into the site; the others there are helpers, not languages.
LUNR = "assets/javascripts/lunr/min"
LUNR_HELPERS = {"stemmer.support", "multi"}


def lunr_languages(folder: Path) -> set[str]:
    """The languages lunr can stem in the browser: its own English, and each language the theme has a file for."""
    names = {p.name.removeprefix("lunr.").removesuffix(".min.js") for p in Path(folder).glob("lunr.*.min.js")}
    return {"en"} | (names - LUNR_HELPERS)


def lunr_settings(lang: str, stemmed: set[str]) -> dict:
    """How the theme's search worker reads a language's index: `lang` (the lunr-languages it loads) and `pipeline`
    (of lunr's trimmer, stopWordFilter and stemmer, the ones it keeps; it removes the others).

    - Chinese: jieba cuts the text into words at build time (Material's search plugin, and search_rules.segment),
      so Material's own zh settings: lunr's English stemmer only, which leaves Chinese words as they are and stems
      the Latin words among them. (lunr's own zh cuts words with Node's jieba, which a browser lacks, and its
      stemmer changes nothing.)
    - A language lunr can stem: its stemmer, on the index and on queries. No trimmer, whose word characters would
      cut the words of other scripts (the Chinese law names in an English page), and no lunr stop words: the
      campaign's own (docs/_data/search/<lang>.yml) are dropped from queries by site.js.
    - Any other language: no stemmer and no stop-word filter, never English ones (which would cut or drop its
      words); words match as written. The index names no lunr language (site.js tells the theme's worker).
    """
    code = lunr_code(lang)
    if code == "zh":
        return {"lang": ["en"], "pipeline": ["stemmer"]}
    if code in stemmed:
        return {"lang": [code], "pipeline": ["stemmer"]}
    return {"lang": [], "pipeline": []}


def lunr_code(lang: str) -> str:
    """lunr-languages name languages without a region or script (pt-BR is pt, zh-Hant is zh)."""
    return lang.split("-")[0].lower()


def split_words_at_zero_width_spaces(separator: str) -> str:
    """Material's search plugin cuts every Chinese run with zero-width spaces, in every language's pages (jieba is
    installed): every index splits there, whichever language's separator the plugin was given."""
    return separator if "\\u200b" in separator or "\u200b" in separator else f"(?:{separator})|\\u200b+"


def question_aliases(data, lang: str) -> dict[str, list[str]]:
    """Page location (within its language) -> how readers phrase that question (questions.yml `aliases`)."""
    return {f"questions/{q['id']}/": (q.get("aliases") or {}).get(lang) or [] for q in data.questions}


def _split(index: dict, languages: list[str], data, stemmed: set[str]) -> dict[str, bytes]:
    split = {lang: [] for lang in languages}
    for doc in index["docs"]:
        lang = next((l for l in languages[1:] if doc["location"].startswith(f"{l}/")), languages[0])
        if lang != languages[0]:
            doc = {**doc, "location": doc["location"][len(lang) + 1:]}
        split[lang].append(doc)
    out = {}
    for lang, docs in split.items():
        settings = {**index["config"], **lunr_settings(lang, stemmed),
                    "separator": split_words_at_zero_width_spaces(index["config"]["separator"])}
        own = search_rules.apply({"config": settings, "docs": docs}, data.search_rules.get(lang, {}))
        search_rules.add_aliases(own, question_aliases(data, lang))
        out[lang] = json.dumps(own, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return out
