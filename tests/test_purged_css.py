"""The theme CSS that PurgeCSS drops (sitegen.postbuild.css_purge) is CSS no page needs.

Each page type is drawn twice in the same browser, in the states a reader reaches (search
results open, the navigation drawer open, a teaching section open): once with the site's
purged stylesheets and once with the theme's originals swapped in. The pictures must be
identical, pixel for pixel.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from sitegen.postbuild import css_purge

pytestmark = pytest.mark.campaign  # reads this campaign's pages and facts

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


# Under load Chromium may first paint a scrolled layer (the search results) from low-resolution
# tiles and screenshot it so: text then differs in its antialiasing between two identical pages.
EXACT_RASTER = ["--disable-low-res-tiling", "--disable-partial-raster"]


@pytest.fixture(scope="module")
def exact_browser(browser):
    """Chromium as the session launches it, drawing every tile at full resolution."""
    from sitegen import chromium
    instance = browser.browser_type.launch(executable_path=chromium.PATH, args=chromium.ARGS + EXACT_RASTER)
    yield instance
    instance.close()


@pytest.fixture(scope="module")
def theme_dirs():
    from mkdocs.config import load_config
    from sitegen.testing import ROOT
    return load_config(str(ROOT / "mkdocs.yml")).theme.dirs


def settle(page, expression: str, tries: int = 20) -> None:
    """Wait until what `expression` measures stops changing (results arrive in batches on a slow machine)."""
    last = None
    for _ in range(tries):
        now = page.evaluate(expression)
        if now == last:
            return
        last = now
        page.wait_for_timeout(250)


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
        settle(page, "document.querySelectorAll('.md-search-result__item').length + '|' + "
                     "document.querySelector('.md-search-result__meta').textContent")
    elif state == "drawer":
        page.locator("label.md-header__button[for=__drawer]").click()
    elif state == "details":
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    page.evaluate("document.fonts.ready.then(() => true)")
    page.wait_for_timeout(600)  # transitions end
    page.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")  # painted
    settle(page, "document.body.scrollHeight + '|' + Array.from(document.images).filter(i => !i.complete).length")
    shot = page.screenshot(full_page=state in (None, "details"), animations="disabled", caret="hide")
    context.close()
    return shot


def page_html(site: Path, path: str) -> str:
    page = site / path / "index.html"
    return page.read_text(encoding="utf-8") if page.exists() else ""


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("path", PAGES)
def test_purged_css_draws_every_page_as_the_full_css_does(exact_browser, site, site_url, theme_dirs, path, viewport,
                                                          tmp_path):
    browser = exact_browser
    swap = originals(site, theme_dirs)
    assert len(swap) == len(css_purge.STYLESHEETS)
    purged = sum((site / p.lstrip("/")).stat().st_size for p in swap)
    assert purged < 0.6 * sum(len(b) for b in swap.values()), "PurgeCSS removed little: is it running?"
    for name, state in STATES.items():
        if state == "drawer" and viewport == "desktop":
            continue
        if state == "details" and "<details" not in page_html(site, path):
            continue  # nothing to open: the same picture as "as loaded"
        ours = draw(browser, site_url + path, viewport, state)
        full = draw(browser, site_url + path, viewport, state, swap)
        if ours != full:  # draw once more: a late font or focus ring can differ between two loads
            ours = draw(browser, site_url + path, viewport, state)
            full = draw(browser, site_url + path, viewport, state, swap)
        if ours != full:  # a short message: pytest would print both pictures byte by byte
            (tmp_path / "purged.png").write_bytes(ours)
            (tmp_path / "full.png").write_bytes(full)
            pytest.fail(f"{path} {viewport} {name}: differs with the full CSS (see {tmp_path})", pytrace=False)
