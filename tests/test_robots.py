"""robots.txt: written after the build from site_url, checked by `make check`, left out of the offline pack."""

from __future__ import annotations

import zipfile

import pytest

from sitegen import download_plan, sitedata
from sitegen.checks import robots
from sitegen.testing import ROOT

SITE_URL = "https://example.org/sub/"
GOOD = "User-agent: *\nAllow: /\n\nSitemap: https://example.org/sub/sitemap.xml\n"


def site_url() -> str:
    return sitedata.load(ROOT / "docs").campaign["site_url"]


def test_the_build_writes_robots_txt_naming_its_own_sitemap(site):
    text = (site / "robots.txt").read_text(encoding="utf-8")
    assert text.splitlines() == ["User-agent: *", "Allow: /", "", f"Sitemap: {site_url().rstrip('/')}/sitemap.xml"]
    assert (site / "sitemap.xml").is_file()
    assert robots.problems(site, site_url()) == []


def test_the_offline_pack_has_no_robots_txt(site):
    """Opened from file://, where no crawler asks for it."""
    data = sitedata.load(ROOT / "docs")
    with zipfile.ZipFile(site / download_plan.offline_zip(data.campaign)) as pack:
        names = pack.namelist()
    assert any(n.endswith("/index.html") for n in names)  # the pack is the site
    assert not [n for n in names if n.endswith("robots.txt")], names


def checked(tmp_path, text: str | None, sitemap: bool = True) -> list[str]:
    if text is not None:
        (tmp_path / "robots.txt").write_text(text, encoding="utf-8")
    if sitemap:
        (tmp_path / "sitemap.xml").write_text("<urlset/>", encoding="utf-8")
    return [str(p) for p in robots.problems(tmp_path, SITE_URL)]


def test_a_good_robots_txt_passes(tmp_path):
    assert checked(tmp_path, GOOD) == []


@pytest.mark.parametrize("text, sitemap, expected", [
    (None, True, "site/robots.txt:1: no robots.txt was built"),
    ("User-agent: *\nAllow: /\n", True,
     "site/robots.txt:1: no Sitemap line (expected `Sitemap: https://example.org/sub/sitemap.xml`)"),
    ("User-agent: *\nAllow: /\nSitemap: https://elsewhere.example/sitemap.xml\n", True,
     "site/robots.txt:3: Sitemap https://elsewhere.example/sitemap.xml is not this site's sitemap "
     "https://example.org/sub/sitemap.xml"),
    ("User-agent: *\nAllow: /\nSitemap: https://example.org/sitemap.xml\n", True,
     "site/robots.txt:3: Sitemap https://example.org/sitemap.xml is not this site's sitemap "
     "https://example.org/sub/sitemap.xml"),
    (GOOD, False, "site/robots.txt:4: Sitemap https://example.org/sub/sitemap.xml names a sitemap that was not built"),
    ("Allow: /\nUser-agent: *\n" + GOOD.split("\n", 2)[2], True, "site/robots.txt:1: Allow before any user-agent line"),
    ("User-agent *\n" + GOOD, True, "site/robots.txt:1: not a `field: value` line: 'User-agent *'"),
    ("User-agent: *\nDisallow: private/\n" + GOOD.split("\n", 2)[2], True,
     "site/robots.txt:2: Disallow path 'private/' must start with /"),
    ("Sitemap: https://example.org/sub/sitemap.xml\n", True, "site/robots.txt:1: no user-agent line"),
])
def test_a_bad_robots_txt_is_reported_at_its_line(tmp_path, text, sitemap, expected):
    assert checked(tmp_path, text, sitemap) == [expected]
