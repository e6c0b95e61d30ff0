"""The built site never asks a browser to fetch anything from another host."""

from __future__ import annotations

import re

from htmlutil import parse

URL = re.compile(r"""https?://[^\s"'`)<>\\]+""")
CSS_URL = re.compile(r"""(?:url\(|@import\s+)["']?(https?://[^"')\s]+)""")
# Strings in the theme's JavaScript that are identifiers, not fetches: XML
# namespaces, and Material's CDN copy of mermaid, which it loads only for a
# mermaid diagram (the content lint rejects those; the privacy plugin guards it).
NOT_FETCHED = re.compile(
    r"^https?://(www\.w3\.org/|unpkg\.com/mermaid@11/dist/mermaid\.min\.js$)"
)


def test_html_fetches_nothing_external(site):
    for path in site.rglob("*.html"):
        page = parse(path)
        external = [a for a in page.assets if re.match(r"^(https?:)?//", a)]
        assert not external, f"{path.relative_to(site)}: {external}"


def test_css_fetches_nothing_external(site):
    for path in site.rglob("*.css"):
        found = CSS_URL.findall(path.read_text(encoding="utf-8"))
        assert not found, f"{path.relative_to(site)}: {found}"


def test_js_names_no_external_url(site):
    for path in site.rglob("*.js"):
        found = {u for u in URL.findall(path.read_text(encoding="utf-8")) if not NOT_FETCHED.match(u)}
        assert not found, f"{path.relative_to(site)}: {sorted(found)[:10]}"


def test_no_google_fonts_or_cdn(site):
    for path in site.rglob("*"):
        if path.suffix in {".html", ".css", ".js", ".json", ".xml"}:
            text = path.read_text(encoding="utf-8")
            for host in ("fonts.googleapis", "fonts.gstatic", "cdn.jsdelivr", "cdnjs", "googletagmanager"):
                assert host not in text, f"{path.relative_to(site)} mentions {host}"
