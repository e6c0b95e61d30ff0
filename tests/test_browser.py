"""The site in a real browser: Debian's Chromium driven by Playwright, served on port 0."""

from __future__ import annotations

from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent  # the generator's tests: their fixtures and data, whichever campaign is under test

pytestmark = pytest.mark.campaign  # reads this campaign's pages and facts

# The table's first six queries: words picked from the lessons (tests/data/search_queries.yml
# lists every page that answers each). Here the first result itself must be one of them.
FIRST = [("", "以贷养贷"), ("", "限制消费"), ("", "审核标准"),
         ("en/", "credit repair"), ("en/", "microcredit"), ("en/", "written agreement")]


def collect_errors(page):
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors


@pytest.mark.parametrize("root", ["", "en/"])
def test_home_loads_without_console_errors(page, site_url, root):
    errors = collect_errors(page)
    response = page.goto(site_url + root)
    assert response.status == 200
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").first.is_visible()
    assert errors == []


def test_language_switcher_keeps_the_lesson(page, site_url):
    page.goto(site_url + "lessons/legal-protections/")
    page.locator(".md-header__option .md-select").hover()
    page.locator('.md-select__link[hreflang="en"]').click()
    page.wait_for_url("**/en/lessons/legal-protections/")
    assert page.evaluate("document.documentElement.lang") == "en"
    page.locator(".md-header__option .md-select").hover()
    page.locator('.md-select__link[hreflang="zh"]').click()
    page.wait_for_url("**/lessons/legal-protections/")
    assert "/en/" not in page.url
    assert page.evaluate("document.documentElement.lang") == "zh-Hans"


def search(page, query):
    page.wait_for_load_state("networkidle")
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)  # an `input` event, no key: assets/javascripts/site.js starts the search
    page.locator(".md-search-result__item").first.wait_for(timeout=10000)
    return page.locator(".md-search-result__item > a").evaluate_all("els => els.map(e => e.href)")


@pytest.mark.parametrize("root,query", FIRST)
def test_search_puts_a_satisfying_page_first(page, site_url, root, query):
    import yaml
    table = yaml.safe_load((TESTS / "data/search_queries.yml").read_text(encoding="utf-8"))
    expected = next(pages for q, pages in table["en" if root else "zh"] if q == query)
    page.goto(site_url + root)
    hrefs = search(page, query)
    assert any(hrefs[0].startswith(f"{site_url}{root}{target}") for target in expected), (hrefs[:3], expected)


def test_mobile_lesson_has_no_horizontal_scroll(browser, site_url, tmp_path):
    context = browser.new_context(viewport={"width": 375, "height": 812}, device_scale_factor=2,
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(site_url + "lessons/borrower-action-steps/")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(tmp_path / "mobile.png"), full_page=True)
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"page is {widths[0]}px wide in a {widths[1]}px viewport"
    context.close()
