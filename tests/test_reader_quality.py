"""Reader quality in a real browser: accessibility (axe-core), keyboard use, privacy, CSP, Lighthouse."""

from __future__ import annotations

import pytest

from sitegen.testing import LANGUAGES, ROOT, add_axe, axe_violations, pages

pytestmark = pytest.mark.campaign  # reads this campaign's pages and facts


def all_paths(site):
    """Every page of the site in both languages, and both 404 pages."""
    paths = [rel.removesuffix("index.html") for rel, _ in pages(site, "zh")]
    return [p for p in paths] + [f"en/{p}" for p in paths] + ["404.html", "en/404.html"]


CRAWL_PARTS = 4  # the crawl in parts, which the test processes share (pytest-xdist): none waits on a long one


@pytest.mark.long
@pytest.mark.parametrize("part", range(CRAWL_PARTS))
def test_every_page_fetches_only_from_its_site_sets_no_cookie_breaks_no_csp_and_has_no_axe_violation(
        browser, site, site_url, part):
    """A crawl of every page (a part of them here), each under its own CSP: axe-core's WCAG 2.1 AA rules
    on it as loaded, then the requests it makes until its network is idle (late ones count too: axe runs
    while the browser waits for that), and its console errors."""
    paths = all_paths(site)[part::CRAWL_PARTS]
    assert paths, f"part {part} of the crawl has no page"
    context = browser.new_context()
    add_axe(context)
    requests, problems, violations = [], [], {}
    page = context.new_page()
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    for path in paths:
        page.goto(site_url + path)
        if found := axe_violations(page):
            violations[path] = found
        page.wait_for_load_state("networkidle")
    assert requests, "no request seen: is the listener on?"
    foreign = sorted({u for u in requests if not u.startswith(site_url) and not u.startswith("data:")})
    # The same call finds a known fault, so a crawl that checks nothing cannot pass.
    known = context.new_page()
    known.set_content('<!doctype html><html lang="en"><title>t</title><main><img></main></html>')
    faulty = axe_violations(known)
    assert "image-alt" in [rule for rule, _ in faulty], "axe did not report an image without alt text"
    assert not foreign, foreign
    assert context.cookies() == []
    assert not [p for p in problems if "Content Security Policy" in p or "Refused to" in p], problems
    assert not problems, problems
    assert not violations, violations
    context.close()


def test_searching_fetches_only_from_the_site_and_sets_no_cookie(browser, site_url):
    """The search's worker and index, fetched at first use, come from the site too, under the pages' CSP."""
    context = browser.new_context()
    requests, problems = [], []
    page = context.new_page()
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    for root, query in (("", "协商"), ("en/", "negotiate")):
        page.goto(site_url + root)
        page.wait_for_load_state("networkidle")
        box = page.locator("input.md-search__input")
        box.fill(query)
        box.press("End")  # Material searches on keyup
        page.locator(".md-search-result__item").first.wait_for()
    assert [u for u in requests if "search" in u], f"no search request seen: {requests}"
    assert [u for u in requests if not u.startswith(site_url) and not u.startswith("data:")] == []
    assert context.cookies() == []
    assert not problems, problems
    context.close()


def test_keyboard_skip_link_focus_and_search(page, site_url):
    page.goto(site_url + "lessons/borrower-action-steps/")
    page.wait_for_load_state("networkidle")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => ({cls: document.activeElement.className, href: document.activeElement.getAttribute('href')})")
    assert "md-skip" in focused["cls"] and focused["href"].startswith("#")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "the focused skip link has no visible outline"
    assert page.locator("a.md-skip").is_visible()
    # Search by keyboard alone: open with "/", type, move to the first result, follow it.
    page.keyboard.press("Escape")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
    page.keyboard.type("以贷养贷")
    page.keyboard.press("End")
    page.locator(".md-search-result__item").first.wait_for()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**/lessons/borrower-action-steps/?h=*", timeout=15000)  # the result link carries ?h=
    page.wait_for_load_state("networkidle")


@pytest.mark.long
@pytest.mark.parametrize("lang", LANGUAGES)  # one language's pages each, which the test processes share
def test_lighthouse_accessibility_best_practices_seo_are_100(browser, site, lang):  # browser: needs Chromium
    from sitegen.commands import audit
    code, rows = audit.run(ROOT, categories=["accessibility", "best-practices", "seo"], presets=("mobile",),
                           out_dir=ROOT / "reports" / "lighthouse-test" / lang, site=site, languages=[lang])
    assert rows, "lighthouse produced no report"
    assert code == 0, [(r["page"], r["scores"], r["failed"]) for r in rows if min(r["scores"].values()) < 100]
