"""The built site never asks a browser to fetch anything from another host."""

from __future__ import annotations

import re

from sitegen.testing import parse

URL = re.compile(r"""https?://[^\s"'`)<>\\]+""")
CSS_URL = re.compile(r"""(?:url\(|@import\s+)["']?(https?://[^"')\s]+)""")
COMMENTS = re.compile(r"/\*.*?\*/|(?<![:\"'`\\/])//[^\n]*", re.S)
# URLs left in the theme's code that this site never makes a browser fetch, each for a reason:
NOT_FETCHED = re.compile(
    r"^https?://("
    r"www\.w3\.org/"                                   # XML namespaces, identifiers only
    r"|unpkg\.com/mermaid@11/dist/mermaid\.min\.js$"   # only for mermaid diagrams, which the lint rejects
    r"|api\.github\.com/|\$\{e\}/api/v4/"            # repository facts, only with repo_url (not set)
    r"|unpkg\.com/resize-observer-polyfill$"           # only in browsers without ResizeObserver (before 2018)
    r"|bit\.ly/2s3ChXG$"                              # a link in the search worker's error message
    r"|github\.com/isaacs/node-glob/issues/167$"       # a message in wordcut.js, loaded only for Thai/Hindi
    r")"
)


def test_html_fetches_nothing_external(site):
    pages = sorted(site.rglob("*.html"))
    assert pages, f"no HTML in {site}"
    for path in pages:
        page = parse(path)
        external = [a for a in page.assets if re.match(r"^(https?:)?//", a)]
        assert not external, f"{path.relative_to(site)}: {external}"


def test_css_fetches_nothing_external(site):
    sheets = sorted(site.rglob("*.css"))
    assert sheets, f"no stylesheets in {site}"
    for path in sheets:
        found = CSS_URL.findall(path.read_text(encoding="utf-8"))
        assert not found, f"{path.relative_to(site)}: {found}"


def test_js_names_no_external_url(site):
    scripts = sorted(site.rglob("*.js"))
    assert scripts, f"no scripts in {site}"
    for path in scripts:
        code = COMMENTS.sub("", path.read_text(encoding="utf-8"))  # licence headers are not fetches
        found = {u for u in URL.findall(code) if not NOT_FETCHED.match(u)}
        assert not found, f"{path.relative_to(site)}: {sorted(found)[:10]}"


def test_no_google_fonts_or_cdn(site):
    files = sorted(site.rglob("*"))
    assert files, f"nothing in {site}"
    for path in files:
        if path.suffix in {".html", ".css", ".js", ".json", ".xml"}:
            text = path.read_text(encoding="utf-8")
            for host in ("fonts.googleapis", "fonts.gstatic", "cdn.jsdelivr", "cdnjs", "googletagmanager"):
                assert host not in text, f"{path.relative_to(site)} mentions {host}"


def test_repository_facts_are_off():
    """The theme only calls the GitHub/GitLab APIs when repo_url is set."""
    from sitegen import sitedata
    from sitegen.testing import ROOT
    assert not sitedata.config_value(ROOT / "mkdocs.yml", "repo_url")
