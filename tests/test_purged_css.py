"""The theme CSS that PurgeCSS drops (sitegen.postbuild.css_purge) is CSS no page needs.

Each page type is put in the states a reader reaches (search results open, the navigation
drawer open, a teaching section open) and drawn with the site's purged stylesheets, then
with the theme's originals swapped into the same page, then with the purged ones again.
The first two pictures must be identical, pixel for pixel; the third shows that the page
held still, so that a difference can only come from the stylesheets.
"""

from __future__ import annotations

import base64
from fnmatch import fnmatch
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from sitegen.postbuild import css_purge, fingerprint

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
    """URL path -> the unpurged stylesheet, from the theme's own folders (built under its content-hashed
    name, sitegen.postbuild.fingerprint)."""
    out = {}
    for built in sorted((site / "assets" / "stylesheets").iterdir()):
        name = fingerprint.original_name(built.name)
        if not any(fnmatch(name, pattern) for pattern in css_purge.STYLESHEETS):
            continue
        rel = built.relative_to(site).with_name(name)
        source = next(Path(d) / rel for d in theme_dirs if (Path(d) / rel).exists())
        out["/" + built.relative_to(site).as_posix()] = source.read_bytes()
    return out


# Under load Chromium may first paint a scrolled layer (the search results) from low-resolution
# tiles and screenshot it so: text then differs in its antialiasing between two identical pages.
EXACT_RASTER = ["--disable-low-res-tiling", "--disable-partial-raster"]


@pytest.fixture(scope="module")
def exact_browser(browser):
    """Chromium as the session launches it, drawing every tile at full resolution."""
    from sitegen import chromium
    instance = browser.browser_type.launch(executable_path=chromium.PATH, args=chromium.PLAYWRIGHT_ARGS + EXACT_RASTER)
    yield instance
    instance.close()


@pytest.fixture(scope="module")
def theme_dirs():
    from mkdocs.config import load_config
    from sitegen.plugin import add_theme
    from sitegen.testing import ROOT
    config = load_config(str(ROOT / "mkdocs.yml"))
    add_theme(config)  # the theme's search path as the build has it: the generator's theme included
    return config.theme.dirs


FULL = "/__full__"  # where the test serves the theme's unpurged stylesheets
# Point each theme stylesheet at the purged copy ("") or the full one (FULL); resolves once all are loaded.
# Each swap adds the other copy of each stylesheet beside the current one and removes the current
# one only once the new one has loaded, so the page is never unstyled in between (the theme's scripts
# would measure an unstyled page). A new URL each time (`?swap=n`), and a failure after 15 s, not a hang.
SWAP = """async ([prefix, paths]) => {
  const own = l => new URL(l.href).pathname.replace(/^\\/__full__/, "");
  const links = [...document.querySelectorAll("link[rel=stylesheet]")].filter(l => paths.includes(own(l)));
  window.__swaps = (window.__swaps || 0) + 1;
  await Promise.all(links.map(l => new Promise((loaded, failed) => {
    const next = l.cloneNode();
    setTimeout(() => failed(new Error("stylesheet not loaded: " + next.href)), 15000);
    next.onload = () => { l.remove(); loaded(); };
    next.onerror = failed;
    next.href = prefix + own(l) + "?swap=" + window.__swaps;
    l.after(next);
  })));
  return links.length;
}"""


def reach(page, viewport: str, state) -> None:
    """Put the page in the state a reader reaches."""
    if state == "search":
        if viewport == "phone":
            page.locator("label.md-header__button[for=__search]").tap()
        page.locator("input.md-search__input").fill("征信")
        page.locator(".md-search-result__item").first.wait_for(timeout=15000)
    elif state == "drawer":
        page.locator("label.md-header__button[for=__drawer]").click()
    elif state == "details":
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")


# Resolves once what the page is still doing has ended: its fonts, its images, its animations and
# transitions (an endless one is given 5 s), and the frame after them. Events, not a fixed delay.
SETTLED = """async () => {
  await document.fonts.ready;
  await Promise.all([...document.images].filter(i => !i.complete && i.loading !== "lazy")
    .map(i => new Promise(done => { i.addEventListener("load", done); i.addEventListener("error", done); })));
  await Promise.race([Promise.allSettled(document.getAnimations().map(a => a.finished)),
                      new Promise(done => setTimeout(done, 5000))]);
  await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  return true;
}"""
ROUNDS = 6  # pictures of the full CSS, each between two of the purged CSS, before a page that never holds still fails


# What Playwright's screenshot(animations="disabled", caret="hide") does first: animations finished (an
# endless one cancelled), and those that start later too, at their start (a stylesheet swap or the taller
# viewport of a full-page picture may start a transition: a picture shows its end, never its middle); and no
# text caret (set on the root, which every element inherits it from: an inline style, which the page's CSP
# allows). Returns the size of the page.
STILL = """() => {
  const still = a => {
    if (a.effect && a.effect.getComputedTiming().iterations === Infinity) a.cancel(); else a.finish();
  };
  if (!window.__still) {
    window.__still = true;
    for (const type of ["transitionrun", "animationstart"]) {
      document.addEventListener(type, ev => ev.target.getAnimations({subtree: true}).forEach(still), true);
    }
  }
  document.getAnimations().forEach(still);
  document.documentElement.style.setProperty("caret-color", "transparent", "important");
  return [document.documentElement.scrollWidth, document.documentElement.scrollHeight];
}"""


def picture(page, cdp, prefix: str, state, swap) -> bytes:
    """The page drawn with the purged stylesheets (prefix "") or the full ones (FULL). Through the debugging
    protocol, with Chromium's fast PNG encoder (a third less time for a long page): still lossless, so the
    same pixels give the same bytes."""
    assert page.evaluate(SWAP, [prefix, list(swap)]) == len(swap), "the theme's stylesheets were not found"
    page.evaluate(SETTLED)
    width, height = page.evaluate(STILL)
    if state not in (None, "details"):  # the first screen only
        width, height = page.viewport_size["width"], page.viewport_size["height"]
    return base64.b64decode(cdp.send("Page.captureScreenshot", {
        "format": "png", "optimizeForSpeed": True, "captureBeyondViewport": state in (None, "details"),
        "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}})["data"])


def draw(browser, url, viewport, state, swap) -> tuple[bytes, bytes]:
    """The page in `state`, drawn with the purged CSS and with the full CSS: one page, so only the
    stylesheets differ between pictures. The same pixels from both are the answer at once. A full CSS
    picture that differs counts only between two identical pictures of the purged CSS (the page held
    still around it); when it differs, the next one must too. A page still moving (the contents'
    highlight follows the reader's place a frame after a transition, search results arrive in batches)
    is drawn again in place."""
    context = browser.new_context(**VIEWPORTS[viewport])
    context.route(f"**{FULL}/**", lambda route: route.fulfill(
        status=200, content_type="text/css", body=swap[urlsplit(route.request.url).path[len(FULL):]]))
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    page.goto(url)
    reach(page, viewport, state)
    ours, differed = picture(page, cdp, "", state, swap), False
    try:
        for _ in range(ROUNDS):
            full = picture(page, cdp, FULL, state, swap)
            if full == ours:  # nothing a moving page could explain: no third picture is needed
                return ours, full
            again = picture(page, cdp, "", state, swap)
            if again != ours:  # the page moved: this picture is the new reference
                ours = again
            elif differed:
                return ours, full
            else:
                differed = True
        pytest.fail(f"{url} {viewport} {state}: the page never held still between two pictures", pytrace=False)
    finally:
        context.close()


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
        ours, full = draw(browser, site_url + path, viewport, state, swap)
        if ours != full:  # a short message: pytest would print both pictures byte by byte
            (tmp_path / "purged.png").write_bytes(ours)
            (tmp_path / "full.png").write_bytes(full)
            pytest.fail(f"{path} {viewport} {name}: differs with the full CSS (see {tmp_path})", pytrace=False)
