"""Reader quality in a real browser: accessibility (axe-core), keyboard use, privacy, CSP, Lighthouse."""

from __future__ import annotations

import pytest

from sitegen.testing import ROOT
from sitegen.testing import pages

pytestmark = pytest.mark.campaign  # reads this campaign's pages and facts

AXE = ROOT / "node_modules/axe-core/axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Only violations are read: with resultTypes, axe reports every violation in full and skips
# collecting the nodes of the rules that pass (a third of its time on these pages).
AXE_RUN = "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"


def all_paths(site):
    """Every page of the site in both languages, and both 404 pages."""
    paths = [rel.removesuffix("index.html") for rel, _ in pages(site, "zh")]
    return [p for p in paths] + [f"en/{p}" for p in paths] + ["404.html", "en/404.html"]


@pytest.fixture(scope="module")
def axe_context(browser):
    assert AXE.exists(), "axe-core is missing: `make test` runs `npm install` first"
    # axe is injected as a script: let it past the pages' own CSP (only in this context).
    context = browser.new_context(bypass_csp=True)
    yield context
    context.close()


def test_no_axe_violations_on_any_page(axe_context, site, site_url):
    source = AXE.read_text(encoding="utf-8")
    page = axe_context.new_page()
    failures = {}
    for path in all_paths(site):
        page.goto(site_url + path)
        page.add_script_tag(content=source)
        result = page.evaluate(AXE_RUN, WCAG)
        if result["violations"]:
            failures[path] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    # The same call finds a known fault, so a run that checks nothing cannot pass.
    page.set_content('<!doctype html><html lang="en"><title>t</title><main><img src="x.png"></main></html>')
    page.add_script_tag(content=source)
    faulty = page.evaluate(AXE_RUN, WCAG)
    page.close()
    assert "image-alt" in [v["id"] for v in faulty["violations"]], "axe did not report an image without alt text"
    assert not failures, failures


def test_every_request_is_same_origin_no_cookies_no_csp_violation(browser, site, site_url):
    context = browser.new_context()
    page = context.new_page()
    requests, problems = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    # Each page is watched until its network is idle (late requests count too). Pages are opened
    # in batches of tabs, so their idle waits overlap instead of adding up.
    paths = all_paths(site)
    for start in range(0, len(paths), 8):
        tabs = []
        for path in paths[start:start + 8]:
            tab = context.new_page()
            tab.on("request", lambda r: requests.append(r.url))
            tab.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            tab.on("pageerror", lambda e: problems.append(str(e)))
            tab.goto(site_url + path)
            tabs.append(tab)
        for tab in tabs:
            tab.wait_for_load_state("networkidle")
            tab.close()
    for root, query in (("", "协商"), ("en/", "negotiate")):
        page.goto(site_url + root)
        page.wait_for_load_state("networkidle")
        box = page.locator("input.md-search__input")
        box.fill(query)
        box.press("End")  # Material searches on keyup
        page.locator(".md-search-result__item").first.wait_for()
    foreign = sorted({u for u in requests if not u.startswith(site_url) and not u.startswith("data:")})
    assert not foreign, foreign
    assert context.cookies() == []
    assert not [p for p in problems if "Content Security Policy" in p or "Refused to" in p], problems
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


def test_lighthouse_accessibility_best_practices_seo_are_100(browser, site):  # browser: needs Chromium
    from sitegen.commands import audit
    code, rows = audit.run(ROOT, categories=["accessibility", "best-practices", "seo"], presets=("mobile",),
                           out_dir=ROOT / "reports" / "lighthouse-test", site=site, jobs=2)
    assert rows, "lighthouse produced no report"
    assert code == 0, [(r["page"], r["scores"], r["failed"]) for r in rows if min(r["scores"].values()) < 100]
