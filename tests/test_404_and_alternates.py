"""Per-language 404 pages, hreflang alternates and the language switcher on every page, and in the sitemap."""

from __future__ import annotations

import pytest

import gzip
import posixpath
import re
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree

from sitegen.html_edit import Document
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
        built = list(pages(site, lang))
        assert built, f"no built {lang} pages in {site}"
        for rel, path in built:
            alternates = parse(path).alternates
            assert set(alternates) == {"zh", "en", "x-default"}, f"{lang}/{rel}: {alternates}"
            page_dir = posixpath.dirname(("" if lang == "zh" else "en/") + rel)
            for hreflang, href in alternates.items():
                target = resolve(site, page_dir, href)
                # The alternate in each language is this same page, not that language's home page;
                # x-default is the Chinese (default) one.
                folder = "" if hreflang in {"zh", "x-default"} else f"{hreflang}/"
                expected = site / folder / rel
                assert target == expected, f"{lang}/{rel}: alternate {hreflang} -> {href} is {target}"
                assert target.exists(), f"{lang}/{rel}: alternate {hreflang} -> {href} missing"


# --- Every built page, derived from the campaign's data: no language or page is named here. ---

X_DEFAULT = "x-default"


def page_language(data, rel: str) -> str:
    """The language a built file belongs to: the folder it is in (data.prefix), else the default."""
    return next((lang for lang in data.languages if data.prefix(lang) and rel.startswith(data.prefix(lang))),
                data.default)


def built_file(site: Path, data, url: str) -> Path | None:
    """The file an absolute or root-relative URL of this site is served from (None: not this site)."""
    root = urlsplit(data.campaign["site_url"]).path.rstrip("/") + "/"
    parts = urlsplit(url)
    if parts.scheme and not url.startswith(data.campaign["site_url"]):
        return None
    if not parts.path.startswith(root):
        return None
    rel = parts.path[len(root):]
    return site / (rel + "index.html" if rel == "" or rel.endswith("/") else rel)


def head_alternates(doc: Document) -> list[tuple[str, str]]:
    head = doc.find("head")
    return [(link.get("hreflang"), link.get("href")) for link in doc.find_all("link", rel="alternate")
            if link.get("hreflang") and head in link.parents]


def switcher_links(doc: Document) -> list[tuple[str, str]]:
    """The header's language selector (Material's partials/alternate.html, from config.extra.alternate)."""
    return [(a.get("hreflang"), a.get("href")) for a in doc.find_all("a", class_="md-select__link")]


def is_redirect_stub(doc: Document) -> bool:
    return any((meta.get("http-equiv") or "").lower() == "refresh" for meta in doc.find_all("meta"))


def every_page(site: Path, data):
    """(path relative to the site, its language, its parsed HTML, whether it is a 404 page) of every built
    HTML page. Redirect stubs (mkdocs-redirects) are left out only while they carry no alternates: they
    are a `<meta http-equiv=refresh>` to a moved page, not a page in any language, and the page they
    send the reader to carries the alternates."""
    not_found = {data.prefix(lang) + "404.html" for lang in data.languages}
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel.startswith("assets/"):  # the theme's files, not pages
            continue
        doc = Document(path.read_text(encoding="utf-8"))
        if is_redirect_stub(doc) and not head_alternates(doc) and not switcher_links(doc):
            continue
        yield rel, page_language(data, rel), doc, rel in not_found


def expected_target(site: Path, data, rel: str, lang: str, other: str, is_404: bool) -> Path:
    """A page's version in `other`: the same page under that language's folder; for a 404 page,
    which is no page's translation, that language's home."""
    if is_404:
        return site / data.prefix(other) / "index.html"
    own = rel[len(data.prefix(lang)):]
    return site / data.prefix(other) / own


def link_problems(site: Path, data, rel, lang, is_404, links, what: str, absolute: bool) -> list[str]:
    problems = []
    counts = Counter(hreflang for hreflang, _ in links)
    wanted = Counter(data.languages) + (Counter([X_DEFAULT]) if what == "alternate" else Counter())
    if counts != wanted:
        problems.append(f"{rel}: {what}s per language {dict(counts)}, expected exactly one each of {sorted(wanted)}")
    page_url = urljoin(data.campaign["site_url"], rel)
    for hreflang, href in links:
        if absolute and not href.startswith(data.campaign["site_url"]):
            problems.append(f"{rel}: {what} {hreflang} -> {href} is not an absolute URL of the site")
        if is_404 and not href.startswith(("/", "http")):
            problems.append(f"{rel}: {what} {hreflang} -> {href} is relative on a page served at any depth")
        target = built_file(site, data, urljoin(page_url, href))
        lang_of_link = data.default if hreflang == X_DEFAULT else hreflang
        expected = expected_target(site, data, rel, lang, lang_of_link, is_404)
        if target != expected:
            problems.append(f"{rel}: {what} {hreflang} -> {href} is {target}, expected {expected}")
        elif not target.is_file():
            problems.append(f"{rel}: {what} {hreflang} -> {href}: {target} was not built")
    return problems


def test_every_page_links_each_language_to_its_own_version(site, data):
    """Head alternates and the header's language switcher of every built page, the 404s included."""
    checked, problems = set(), []
    for rel, lang, doc, is_404 in every_page(site, data):
        checked.add(rel)
        problems += link_problems(site, data, rel, lang, is_404, head_alternates(doc), "alternate", absolute=True)
        problems += link_problems(site, data, rel, lang, is_404, switcher_links(doc), "switcher link",
                                  absolute=False)
        defaults = [href for hreflang, href in head_alternates(doc) if hreflang == data.default]
        if [href for hreflang, href in head_alternates(doc) if hreflang == X_DEFAULT] != defaults[:1]:
            problems.append(f"{rel}: x-default is not the {data.default} alternate {defaults}")
    assert not problems, "\n".join(problems[:40])
    # Nothing was left out by mistake: every page of the sitemap, and every language's 404 page.
    listed = {el.text for el in ElementTree.parse(site / "sitemap.xml").iter() if el.tag.endswith("}loc")}
    served = {built_file(site, data, url).relative_to(site).as_posix() for url in listed}
    assert served | {data.prefix(lang) + "404.html" for lang in data.languages} <= checked


def test_sitemap_alternates_have_x_default(site, data):
    """Every sitemap entry lists each language once and an x-default: the default language's URL."""
    xhtml = "{http://www.w3.org/1999/xhtml}link"
    entries = [e for e in ElementTree.parse(site / "sitemap.xml").getroot() if e.tag.endswith("}url")]
    assert entries
    for entry in entries:
        links = [(link.get("hreflang"), link.get("href")) for link in entry.iter(xhtml)]
        assert Counter(h for h, _ in links) == Counter(data.languages + [X_DEFAULT]), links
        hrefs = dict(links)
        assert hrefs[X_DEFAULT] == hrefs[data.default], links
        assert built_file(site, data, hrefs[X_DEFAULT]).is_file(), links
    assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()) == (site / "sitemap.xml").read_bytes()


@pytest.mark.parametrize("start", ["default", "another"])
def test_switcher_on_a_404_goes_to_the_other_language_home(page, site_url, data, start):
    """On a language's 404 page (SiteServer serves /<lang>/<missing> with that language's 404.html),
    choosing another language in the header lands on that language's home page."""
    pairs = [(data.default, other) for other in data.languages[1:]] if start == "default" else \
        [(lang, data.default) for lang in data.languages[1:]]
    assert pairs, "the campaign has one language: no switcher to test"
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    for lang, other in pairs:
        response = page.goto(f"{site_url}{data.prefix(lang)}no/such/page/")
        assert response.status == 404
        assert page.evaluate("document.documentElement.lang") == data.t(lang, "html_lang")
        page.locator(".md-header__option .md-select").hover()
        page.locator(f'.md-select__link[hreflang="{other}"]').click()
        page.wait_for_url(f"{site_url}{data.prefix(other)}")
        assert page.evaluate("document.documentElement.lang") == data.t(other, "html_lang")
    # The theme patch (sitegen.postbuild.theme_patches) still keeps the theme from fetching a
    # sitemap.xml next to each alternate, x-default included.
    assert not [url for url in requests if url.endswith("sitemap.xml")], requests


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
