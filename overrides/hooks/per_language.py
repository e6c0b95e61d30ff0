"""Make each language a self-contained site inside the one build.

mkdocs-static-i18n builds every language in one process and leaves three things
shared: the `<html lang>` value, one 404.html (from the last language built) and
one search index holding every language. This hook gives each language its own.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from urllib.parse import urljoin
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

import search_rules
import sitedata
from blocks import lang_and_path

HTML_LANG = re.compile(r'<html lang="[^"]*"')
ALTERNATE = re.compile(r'(<link rel="alternate" href=")([^"]+)(" hreflang=)')
SEARCH_DIALOG = re.compile(r'(<div class="md-search" data-md-component="search" role="dialog")')
HEADER_SITE_NAME = re.compile(r'(<div class="md-header__topic">\s*<span class="md-ellipsis">)\s*([^<]*?)\s*(</span>)')
CONFIG_SCRIPT = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)
_default_404: dict[str, str] = {}


def localise(output: str, lang: str, config, base_prefix: str | None, page_url: str | None = None) -> str:
    """Set `<html lang>`, name the search dialog, make hreflang alternates absolute
    (search engines ignore relative ones), and point search at this language's index."""
    data = sitedata.site_data(config)
    output, count = HTML_LANG.subn(f'<html lang="{data.t(lang, "html_lang")}"', output, count=1)
    if not count:
        raise PluginError("per_language: the theme's <html lang> attribute was not found")
    output = SEARCH_DIALOG.sub(lambda m: f'{m[1]} aria-label="{data.t(lang, "search_dialog")}"', output, count=1)
    output = short_site_name(output, data, lang)
    if page_url:
        output = ALTERNATE.sub(lambda m: m[1] + urljoin(page_url, m[2]) + m[3], output)
    if base_prefix is None:
        return output

    def rebase(match):
        app = json.loads(match[2])
        app["base"] = posixpath.join(app["base"], base_prefix).rstrip("/") + "/"  # a directory URL
        return match[1] + json.dumps(app, ensure_ascii=False) + match[3]

    output, count = CONFIG_SCRIPT.subn(rebase, output, count=1)
    if not count:
        raise PluginError("per_language: the theme's __config script was not found")
    return output


def short_site_name(output: str, data, lang: str) -> str:
    """A phone shows the language's `short_name` in the header, where the full name would be cut off.

    Screen readers and wider screens get the full name; the short one is for the eye only.
    """
    entry = next((e for e in data.campaign["languages"] if e.get("locale") == lang), {})
    short = entry.get("short_name")
    if not short:
        return output

    def both(match):
        return (f'{match[1]}<span class="site-name--full">{match[2]}</span>'
                f'<span class="site-name--short" aria-hidden="true">{html.escape(short)}</span>{match[3]}')

    output, count = HEADER_SITE_NAME.subn(both, output, count=1)
    if not count:
        raise PluginError("per_language: the theme's header site name was not found (short_name)")
    return output


def on_post_page(output, page, config):
    lang, _ = lang_and_path(page.file.src_uri, config)
    default = sitedata.i18n_languages(config)[0]
    return localise(output, lang, config, None if lang == default else lang,
                    urljoin(config.site_url, page.url))


@event_priority(-100)  # after csp.py, so the copy written for each language carries its policy
def on_post_template(output, template_name, config):
    """Write /<lang>/404.html per language and keep the default language's at /404.html."""
    if template_name != "404.html":
        return output
    lang = config.plugins["i18n"].current_language
    default = sitedata.i18n_languages(config)[0]
    if lang == default:
        _default_404[config.site_dir] = localise(output, lang, config, None, urljoin(config.site_url, "404.html"))
        return _default_404[config.site_dir]
    localised = localise(output, lang, config, f"{lang}/", urljoin(config.site_url, f"{lang}/404.html"))
    target = Path(config.site_dir) / lang / "404.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(localised, encoding="utf-8")
    return _default_404[config.site_dir]


@event_priority(-200)  # after mkdocs-static-i18n (-100) has merged every language's entries
def on_post_build(config):
    index_file = Path(config.site_dir) / "search" / "search_index.json"
    if not index_file.exists():
        return
    index = json.loads(index_file.read_text(encoding="utf-8"))
    languages = sitedata.i18n_languages(config)
    split = {lang: [] for lang in languages}
    for doc in index["docs"]:
        lang = next((l for l in languages[1:] if doc["location"].startswith(f"{l}/")), languages[0])
        if lang != languages[0]:
            doc = {**doc, "location": doc["location"][len(lang) + 1:]}
        split[lang].append(doc)
    for lang, docs in split.items():
        folder = index_file.parent if lang == languages[0] else Path(config.site_dir) / lang / "search"
        folder.mkdir(parents=True, exist_ok=True)
        settings = dict(index["config"])
        if lang != languages[0]:
            settings["lang"] = ["en"]  # lunr's English pipeline; Chinese uses the default index
        own = search_rules.apply({"config": settings, "docs": docs},
                                 sitedata.site_data(config).search_rules.get(lang, {}))
        (folder / "search_index.json").write_text(
            json.dumps(own, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
