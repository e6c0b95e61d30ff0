"""Per-language 404 pages, hreflang alternates in every head and in the sitemap."""

from __future__ import annotations

import pytest

import posixpath
import re
import urllib.error
import urllib.request
from urllib.parse import urljoin, urlsplit

from sitegen.testing import pages, parse

pytestmark = pytest.mark.campaign  # reads this campaign's pages and facts

SITE_URL = "https://loan-help.example.org/"


def resolve(site, page_rel_dir: str, href: str):
    """The built file a same-site href points to."""
    path = urlsplit(href).path
    target = path if path.startswith("/") else posixpath.normpath(posixpath.join("/" + page_rel_dir, path))
    target = target.lstrip("/")
    candidate = site / target
    return candidate / "index.html" if candidate.is_dir() or target.endswith("/") or not target else candidate


def test_404_page_per_language(site):
    zh, en = parse(site / "404.html"), parse(site / "en/404.html")
    assert zh.lang == "zh-Hans" and en.lang == "en"
    assert "页面未找到" in (site / "404.html").read_text(encoding="utf-8")
    assert "Page not found" in (site / "en/404.html").read_text(encoding="utf-8")
    # 404 pages use absolute links, since they are served at any depth.
    assert "/en/lessons/" in (site / "en/404.html").read_text(encoding="utf-8")


def test_server_returns_the_right_404(site_url):
    for path, text in (("no/such/page/", "页面未找到"), ("en/no/such/page/", "Page not found")):
        try:
            urllib.request.urlopen(site_url + path)
        except urllib.error.HTTPError as err:
            assert err.code == 404
            assert text in err.read().decode("utf-8")
        else:
            raise AssertionError(f"{path} did not 404")


def test_every_page_has_resolving_alternates(site):
    for lang in ("zh", "en"):
        for rel, path in pages(site, lang):
            alternates = parse(path).alternates
            assert set(alternates) >= {"zh", "en"}, f"{lang}/{rel}: {alternates}"
            page_dir = posixpath.dirname(("" if lang == "zh" else "en/") + rel)
            for hreflang, href in alternates.items():
                target = resolve(site, page_dir, href)
                # The alternate in each language is this same page, not that language's home page.
                expected = site / ("" if hreflang == "zh" else f"{hreflang}/") / rel
                assert target == expected, f"{lang}/{rel}: alternate {hreflang} -> {href} is {target}"
                assert target.exists(), f"{lang}/{rel}: alternate {hreflang} -> {href} missing"


def test_sitemap_lists_both_languages_with_alternates(site):
    xml = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "None" not in xml
    locs = re.findall(r"<loc>([^<]+)</loc>", xml)
    assert SITE_URL + "lessons/legal-protections/" in locs
    assert SITE_URL + "en/lessons/legal-protections/" in locs
    for href in re.findall(r'hreflang="[^"]+" href="([^"]+)"', xml) + locs:
        assert href.startswith(SITE_URL), href
        assert resolve(site, "", "/" + href[len(SITE_URL):]).exists(), href
    blocks = re.findall(r"<url>(.*?)</url>", xml, re.S)
    assert blocks and all('hreflang="zh"' in b and 'hreflang="en"' in b for b in blocks)
