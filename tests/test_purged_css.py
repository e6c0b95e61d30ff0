"""The theme CSS that PurgeCSS drops (hooks/css_purge.py) is CSS no page needs.

Each page type is drawn twice in the same browser, in the states a reader reaches (search
results open, the navigation drawer open, a teaching section open): once with the site's
purged stylesheets and once with the theme's originals swapped in. The pictures must be
identical, pixel for pixel.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

import css_purge

PAGES = ["", "lessons/borrower-action-steps/", "topics/icbc-card-six-years-overdue/",
         "questions/jail-for-not-repaying/", "teachers/", "en/questions/", "no-such-page/"]
VIEWPORTS = {"desktop": {"viewport": {"width": 1280, "height": 900}},
             "phone": {"viewport": {"width": 360, "height": 800}, "is_mobile": True, "has_touch": True}}
STATES = {
    "as loaded": None,
    "search results": "search",
    "drawer open": "drawer",
    "teaching open": "details",
}


def originals(site: Path, theme_dirs) -> dict[str, bytes]:
    """URL path -> the unpurged stylesheet, from the theme's own folders."""
    out = {}
    for pattern in css_purge.STYLESHEETS:
        for built in (site / "assets" / "stylesheets").glob(pattern):
            rel = built.relative_to(site)
            source = next(Path(d) / rel for d in theme_dirs if (Path(d) / rel).exists())
            out["/" + rel.as_posix()] = source.read_bytes()
    return out


@pytest.fixture(scope="module")
def theme_dirs():
    from mkdocs.config import load_config
    from conftest import ROOT
    return load_config(str(ROOT / "mkdocs.yml")).theme.dirs


def draw(browser, url, viewport, state, swap=None) -> bytes:
    context = browser.new_context(**VIEWPORTS[viewport])
    if swap:
        context.route("**/assets/stylesheets/*.css", lambda route: route.fulfill(
            status=200, content_type="text/css", body=swap[urlsplit(route.request.url).path]))
    page = context.new_page()
    page.goto(url)
    page.wait_for_load_state("networkidle")
    if state == "search":
        if viewport == "phone":
            page.locator("label.md-header__button[for=__search]").tap()
        page.locator("input.md-search__input").fill("征信")
        page.locator(".md-search-result__item").first.wait_for(timeout=15000)
    elif state == "drawer":
        page.locator("label.md-header__button[for=__drawer]").click()
    elif state == "details":
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    page.wait_for_timeout(600)  # transitions end
    shot = page.screenshot(full_page=state in (None, "details"), animations="disabled", caret="hide")
    context.close()
    return shot


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("path", PAGES)
def test_purged_css_draws_every_page_as_the_full_css_does(browser, site, site_url, theme_dirs, path, viewport,
                                                          tmp_path):
    swap = originals(site, theme_dirs)
    assert len(swap) == len(css_purge.STYLESHEETS)
    purged = sum((site / p.lstrip("/")).stat().st_size for p in swap)
    assert purged < 0.6 * sum(len(b) for b in swap.values()), "PurgeCSS removed little: is it running?"
    for name, state in STATES.items():
        if state == "drawer" and viewport == "desktop":
            continue
        ours = draw(browser, site_url + path, viewport, state)
        full = draw(browser, site_url + path, viewport, state, swap)
        if ours != full:  # draw once more: a late font or focus ring can differ between two loads
            ours = draw(browser, site_url + path, viewport, state)
            full = draw(browser, site_url + path, viewport, state, swap)
        if ours != full:
            (tmp_path / "purged.png").write_bytes(ours)
            (tmp_path / "full.png").write_bytes(full)
        assert ours == full, f"{path} {viewport} {name}: differs with the full CSS (see {tmp_path})"
