"""No page fetches from another site (sitegen.postbuild.external_assets): what counts as a fetch."""

from __future__ import annotations

import pytest

from sitegen.html_edit import Document
from sitegen.postbuild import external_assets

pytestmark = pytest.mark.unit

OWN = "site.example.org"
FETCHED = [
    '<img src="https://cdn.example.net/a.png" alt="a">',
    '<img src="/local.png" srcset="/x.png 1x, //cdn.example.net/b.png 2x" alt="b">',
    '<script src="//cdn.example.net/c.js"></script>',
    '<link rel="stylesheet" href="https://fonts.example.net/d.css">',
    '<link rel="preconnect" href="https://fonts.example.net">',
    '<link rel="shortcut icon" href="http://cdn.example.net/e.ico">',
    '<iframe src="https://video.example.net/f"></iframe>',
    '<video poster="https://cdn.example.net/g.jpg"></video>',
    '<picture><source srcset="https://cdn.example.net/h.webp"></picture>',
    '<object data="https://cdn.example.net/i.svg"></object>',
    '<input type="image" src="https://cdn.example.net/j.png" alt="j">',
    '<svg><image href="https://cdn.example.net/k.png"></image></svg>',
]
NOT_FETCHED = [
    '<a href="https://www.example.gov/">an official site</a>',  # followed by a reader, not fetched
    '<link rel="alternate" hreflang="en" href="https://other.example.net/en/">',
    '<link rel="canonical" href="https://other.example.net/">',
    '<form action="https://forms.example.net/"></form>',
    '<input type="text" src="https://cdn.example.net/x.png">',  # src counts only on type=image
    '<img src="https://site.example.org/assets/own.png" alt="own host">',
    '<img src="../assets/relative.png" alt="relative">',
    '<img src="data:image/png;base64,AAAA" alt="inline">',
    '<script>var u = "https://cdn.example.net/in-a-string.js";</script>',
]


@pytest.mark.parametrize("markup", FETCHED)
def test_an_asset_from_another_host_is_found_at_its_line(markup):
    page = f"<!doctype html>\n<html>\n<body>\n<p>text</p>\n{markup}\n</body>\n</html>\n"
    with pytest.raises(external_assets.Found) as found:
        external_assets.check(Document(page), OWN)
    [(line, url)] = found.value.assets
    assert line == 5 and url in markup and "example.net" in url


@pytest.mark.parametrize("markup", NOT_FETCHED)
def test_links_own_assets_and_inline_data_are_not_external_assets(markup):
    external_assets.check(Document(f"<html><body>{markup}</body></html>"), OWN)  # raises nothing
