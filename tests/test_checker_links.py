"""The built-HTML check follows every URL a browser fetches or follows, as link checkers such as
htmltest and lychee do; applies the HTML standard's fragment rules; checks tel: and mailto: syntax;
and reports odd file names as `file:line: message`, never with a traceback.

The fixture site is tests/fixtures/links/built: a built site in miniature, one page per kind of reference.
"""

from __future__ import annotations

from pathlib import Path

import io
import os
import re
import shutil
from collections import Counter

import pytest

from sitegen import paths
from sitegen.checks import built_html, crawl
from sitegen.commands import check as sitecheck


TESTS = Path(__file__).resolve().parent  # the generator's tests: their fixtures and data, whichever campaign is under test

FIXTURE = TESTS / "fixtures/links/built"
LANGUAGES = ["en"]  # the fixture's pages map to no Markdown source: each problem names its built file
# The well-formed numbers of tel.html, declared as help channels so that only their syntax is judged.
PHONES = {"+1-201-555-0123", "+1(201)555.0123", "7042", "863-1234"}


@pytest.fixture(scope="module")
def problems(tmp_path_factory):
    site = tmp_path_factory.mktemp("links") / "site"
    shutil.copytree(FIXTURE, site)
    return built_html.check(site, site.parent, LANGUAGES, phones=PHONES)[0]


def on_page(problems, page: str) -> list[str]:
    return [p.message for p in problems if re.search(rf"\(in {re.escape(page)}:\d+\)$", p.message)]


def reported(problems, page: str, text: str) -> list[str]:
    return [m for m in on_page(problems, page) if text in m]


# (what, the attribute's target in missing.html): each must be reported once, as a broken link.
MISSING = [
    ("a href", "missing-a.html"), ("area href", "missing-area.html"), ("link href", "media/missing-style.css"),
    ("link imagesrcset", "img/missing-preload-2x.png"), ("script src", "media/missing-script.js"),
    ("meta refresh", "missing-refresh.html"), ("img src", "img/missing-img.png"),
    ("img srcset", "img/missing-2x.png"), ("picture source srcset", "img/missing-wide.png"),
    ("video src", "media/missing-clip.webm"), ("video poster", "img/missing-poster.png"),
    ("video source src", "media/missing-source.webm"), ("track src", "media/missing-captions.vtt"),
    ("audio src", "media/missing-sound.ogg"), ("iframe src", "media/missing-frame.html"),
    ("embed src", "media/missing-embed.svg"), ("object data", "media/missing-object.svg"),
    ("form action", "media/missing-action.html"), ("button formaction", "media/missing-formaction.html"),
    ("input type=image src", "img/missing-button.png"), ("svg image href", "img/missing-svg-image.png"),
]


@pytest.mark.parametrize("target", [t for _, t in MISSING], ids=[w for w, _ in MISSING])
def test_a_missing_target_of_each_url_attribute_is_reported_once(problems, target):
    assert len(reported(problems, "missing.html", f"broken link {target} ")) == 1, on_page(problems, "missing.html")


def test_nothing_else_is_reported_on_the_page_of_missing_targets(problems):
    assert len(on_page(problems, "missing.html")) == len(MISSING), on_page(problems, "missing.html")


def test_every_url_attribute_naming_an_existing_file_passes(problems):
    """found.html names an existing file in each attribute of MISSING (srcset candidates included)."""
    assert on_page(problems, "found.html") == []


def test_srcset_candidates_found(problems):
    page = (FIXTURE / "found.html").read_text(encoding="utf-8")
    assert 'srcset="img/found.png 1x, img/found-2x.png 2x"' in page  # the case is in the fixture
    assert not reported(problems, "found.html", "found-2x.png")


def test_srcset_missing_candidate_reported(problems):
    """The second candidate is missing; the first exists: only the second is reported."""
    assert len(reported(problems, "missing.html", "broken link img/missing-2x.png ")) == 1
    assert not reported(problems, "missing.html", "broken link img/found.png")


def test_a_text_field_src_is_never_fetched(problems):
    assert not [p for p in problems if "never-fetched" in p.message]


def test_top_and_empty_fragments_are_the_top_of_the_page(problems):
    """#top (any ASCII case) and # need no element; other.html#top neither."""
    assert not reported(problems, "fragments.html", "#top:") + reported(problems, "fragments.html", "#TOP:")
    assert not [m for m in on_page(problems, "fragments.html") if re.search(r"broken anchor (other\.html)?# ", m)]


def test_fragments_are_percent_decoded_before_matching_ids(problems):
    assert not reported(problems, "fragments.html", "E7%AB%A0") + reported(problems, "fragments.html", "caf")
    assert not reported(problems, "fragments.html", "章节")


def test_an_a_name_is_a_fragment_target(problems):
    assert not reported(problems, "fragments.html", "named-anchor")


def test_missing_fragments_are_reported(problems):
    found = on_page(problems, "fragments.html")
    assert len(reported(problems, "fragments.html", "broken anchor #missing-here: no id 'missing-here'")) == 1, found
    assert len(reported(problems, "fragments.html",
                        "broken anchor other.html#missing-there: no id 'missing-there' in other.html")) == 1, found
    assert len(reported(problems, "fragments.html", "broken anchor #topp")) == 1, found  # only `top` is special
    assert len(found) == 3, found


@pytest.mark.parametrize("href", ["tel:+1-201-555-0123", "tel:+1(201)555.0123;ext=22",
                                  "tel:7042;phone-context=example.com", "tel:863-1234;phone-context=+1-914-555"])
def test_well_formed_tel_passes(problems, href):
    assert not reported(problems, "tel.html", href)


@pytest.mark.parametrize("href, why", [
    ("tel:+1 201 555 0123", "is not a phone number"),
    ("tel:5550123", "is a local number without ;phone-context="),
    ("tel:+1-201-555-0199;ext=x1", "has a malformed parameter ';ext=x1'"),
    ("tel:+1-201-555-0188;phone-context=example.com", "is a global number with a ;phone-context="),
    ("tel:", "names no number"),
])
def test_malformed_tel_is_reported_once(problems, href, why):
    found = [m for m in on_page(problems, "tel.html") if m.startswith(f"{href} ")]
    assert len(found) == 1 and why in found[0], on_page(problems, "tel.html")


def test_a_well_formed_tel_that_is_no_help_channel_is_reported_as_such(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(FIXTURE, site)
    found = built_html.check(site, tmp_path, LANGUAGES, phones=PHONES - {"7042"})[0]
    assert [m for m in on_page(found, "tel.html") if "tel:7042" in m] == [
        "tel:7042;phone-context=example.com is not a help channel in docs/_data/campaign.yml (in tel.html:7)"]


@pytest.mark.parametrize("href", ["mailto:help@example.org",
                                  "mailto:help@example.org,desk@example.net?subject=A%20question&body=Hello",
                                  "mailto:?to=help@example.org&cc=desk@example.net",
                                  "mailto:%22quoted%40local%22@example.org"])
def test_well_formed_mailto_passes(problems, href):
    assert not [m for m in on_page(problems, "mailto.html") if m.startswith(f"{href} ")]


@pytest.mark.parametrize("href, why", [
    ("mailto:nobody", "has a malformed address 'nobody'"),
    ("mailto:a@@example.org", "has a malformed address"),
    ("mailto:help@example.org?subject", "has a malformed header field 'subject'"),
    ("mailto:help%ZZ@example.org", "has a `%` that is not a percent-escape"),
    ("mailto:", "names no address"),
])
def test_malformed_mailto_is_reported_once(problems, href, why):
    found = [m for m in on_page(problems, "mailto.html") if m.startswith(f"{href} ")]
    assert len(found) == 1 and why in found[0], on_page(problems, "mailto.html")


def test_every_duplicate_id_is_reported_once_with_its_lines(problems):
    found = sorted(p.message for p in problems if p.kind == "id")
    assert found == ["duplicate id 'thrice' in duplicates.html:8 (first at line 7, 3 times)",
                     "duplicate id 'twice' in duplicates.html:6 (first at line 5)"]


def test_a_redirect_stub_is_followed(problems):
    assert len(reported(problems, "missing.html", "broken link missing-refresh.html ")) == 1
    assert on_page(problems, "refresh.html") == []


def test_relative_urls_resolve_against_the_base_url(problems):
    assert on_page(problems, "base.html") == ["broken link missing-under-base.css (in base.html:4)"]


def odd_site(tmp_path):
    """File names git cannot carry everywhere, and files a browser cannot read."""
    site = tmp_path / "site"
    site.mkdir()
    for name in ("with space.html", "100%.html", "a#b.html", "q?x.html"):
        (site / name).write_text("<p id=here>ok</p>", encoding="utf-8")
    (site / os.fsdecode(b"\xff-bytes.html")).write_text("<p>not UTF-8 in its name</p>", encoding="utf-8")
    (site / "latin1.html").write_bytes("<p>caf\u00e9</p>".encode("latin-1"))
    (site / "folder.html").mkdir()  # a folder named like a page
    (site / "loop.html").symlink_to("loop.html")  # a symlink to itself
    (site / "cycle").symlink_to(".", target_is_directory=True)  # a folder that holds itself
    links = ["with%20space.html#here", "100%25.html", "a%23b.html", "q%3Fx.html", "%FF-bytes.html",
             "latin1.html", "folder.html", "loop.html", "a#b.html", "http://[::1/"]
    (site / "index.html").write_text("".join(f'<a href="{h}">x</a>\n' for h in links), encoding="utf-8")
    return site


def test_odd_file_names_are_reported_never_a_traceback(tmp_path):
    site = odd_site(tmp_path)
    problems, counts, _, referrers = built_html.check(site, tmp_path, LANGUAGES)
    found = [p.message for p in problems if p.path != "mkdocs.yml"]  # the fixture has no sitemap
    assert sorted(found) == sorted([
        "broken link folder.html (in index.html:7)",
        "broken link loop.html (in index.html:8)",
        "broken link a#b.html (in index.html:9)",  # the browser asks for `a`: #b.html is a fragment
        "malformed URL http://[::1/: Invalid IPv6 URL (in index.html:10)",
        "latin1.html is not UTF-8 (byte 0xe9 at offset 6)",
        "loop.html cannot be read: Too many levels of symbolic links",
    ]), found
    assert counts["pages"] == 8  # index, four odd names, the non-UTF-8 name, latin1, loop; not folder.html
    # Printed as the check prints them: the name that is not UTF-8 as \xff, never an encoding error.
    out = io.StringIO()
    sitecheck.report(problems, Counter(counts), sitecheck.Progress(0, io.StringIO()), out)
    out.getvalue().encode("utf-8")
    # The linkchecker pass requests each target by a URL any server can read.
    urls = crawl.target_urls("http://127.0.0.1:1/", referrers)
    assert "http://127.0.0.1:1/with%20space.html" in urls and "http://127.0.0.1:1/%FF-bytes.html" in urls
    assert all(url.isascii() and " " not in url for url in urls)


def test_a_non_utf8_page_name_is_printed_escaped(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / os.fsdecode(b"bad-\xfe.html")).write_bytes(b"<p>\xfe</p>")
    problems = [p for p in built_html.check(site, tmp_path, LANGUAGES)[0] if p.path != "mkdocs.yml"]
    assert [str(p) for p in problems] == [
        "docs/en/bad-\\xfe.html.md:1: bad-\\xfe.html is not UTF-8 (byte 0xfe at offset 3)"]


def test_this_sites_own_full_urls_are_checked_as_internal_links(tmp_path):
    """Canonical and alternate links name pages by site_url: each must be built; other sites are external."""
    site = tmp_path / "site"
    (site / "here").mkdir(parents=True)
    (site / "here" / "index.html").write_text("<p id=part>here</p>", encoding="utf-8")
    (site / "index.html").write_text(
        '<link rel="canonical" href="https://example.org/sub/">\n'
        '<link rel="alternate" href="https://example.org/sub/here/#part">\n'
        '<link rel="alternate" href="https://example.org/sub/gone/">\n'
        '<a href="https://other.example/page">elsewhere</a>\n', encoding="utf-8")
    problems, counts, external, _ = built_html.check(site, tmp_path, LANGUAGES, "/sub/", own_host="example.org")
    assert [p.message for p in problems if p.path != "mkdocs.yml"] == [
        "broken link https://example.org/sub/gone/ (in index.html:3)"]
    assert external == [("index.html", "https://other.example/page")] and counts["anchors"] == 1


def test_a_link_cannot_climb_above_the_site_root(tmp_path):
    """A browser resolves /../x to /x: a file beside the built folder is not part of the site."""
    site = tmp_path / "site"
    site.mkdir()
    (tmp_path / "outside.html").write_text("not published", encoding="utf-8")
    (site / "index.html").write_text('<a href="../outside.html">x</a>', encoding="utf-8")
    problems = built_html.check(site, tmp_path, LANGUAGES)[0]
    assert [p.message for p in problems if p.path != "mkdocs.yml"] == ["broken link ../outside.html (in index.html:1)"]


@pytest.mark.unit
@pytest.mark.parametrize("site_url", ["https://example.org/sub", "https://example.org/sub/"])
def test_a_site_under_a_path_owns_only_that_path(site_url):
    """site_url's path, with or without its closing slash, is one rule (paths.site_path) for the
    checker, the asset renaming and the 404 links: /subway/ is not inside /sub/."""
    root_path = paths.site_path(site_url)
    assert root_path == "/sub/"
    assert built_html.below_root("/sub/lessons/x/", root_path) == "lessons/x/"
    assert built_html.below_root("/sub", root_path) == ""
    assert built_html.below_root("/subway/x", root_path) == "subway/x"
    assert paths.site_path("https://example.org") == paths.site_path("https://example.org/") == "/"
