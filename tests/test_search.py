"""Per-language search in the browser: each language searches only its own pages,
Chinese words and phrases find their lesson, and the source's original topic titles
find the neutral answer."""

from __future__ import annotations

import pytest

from test_browser import search

# (query, page expected among the first three results). Chinese: 2-8 characters that appear in that page.
ZH = [
    ("以贷养贷", "lessons/borrower-action-steps/"),
    ("限制消费", "lessons/legal-protections/"),
    ("被执行人", "lessons/legal-protections/"),
    ("个人信息保护法", "lessons/legal-protections/"),
    ("收费中介", "lessons/borrower-action-steps/"),
    ("审核标准", "lessons/situation-and-challenges/"),
    ("小额贷款公司", "lessons/legal-protections/"),
    ("评估财务状况", "lessons/borrower-action-steps/"),
    ("保留证据", "lessons/borrower-action-steps/"),
    ("信息披露", "lessons/platform-responsibilities/"),
    ("金融素养", "lessons/society-wide-cooperation/"),
    ("限制消费 被执行人", "lessons/legal-protections/"),
    ("收费中介 危险信号", "lessons/borrower-action-steps/"),
    # Original titles from the source (aliases): a reader who saw them elsewhere finds the neutral answer.
    ("招商信用卡逾期法务部", "topics/cmb-legal-department-calls/"),
    ("华夏e贷逾期不还后果严重吗", "topics/huaxia-eloan-consequences/"),
    ("信用卡还款宽限期一个月", "topics/credit-card-grace-period/"),
    ("蚂蚁金服要上门怎么办", "topics/huabei-jiebei-home-visit/"),
    ("逾期费用短信如何处理", "topics/overdue-fee-text-messages/"),
    ("钱站钱站逾期需要还吗", "topics/qianzhan-still-owe/"),
]
EN = [
    ("credit repair", "lessons/borrower-action-steps/"),
    ("microcredit", "lessons/legal-protections/"),
    ("written agreement", "lessons/borrower-action-steps/"),
    ("monthly budget", "lessons/borrower-action-steps/"),
    ("personal information", "lessons/legal-protections/"),
    ("psychological support", "lessons/borrower-action-steps/"),
    ("judgment debtor", "lessons/legal-protections/"),
    ("financial stability", "lessons/situation-and-challenges/"),
    ("over-lending", "lessons/platform-responsibilities/"),
    ("financial literacy", "lessons/society-wide-cooperation/"),
]


def top(page, site_url, root, query, n=3):
    """The first `n` distinct pages in the results (a page's sections are listed under it)."""
    page.goto(site_url + root)
    hrefs = search(page, query)
    pages = list(dict.fromkeys(h[len(site_url):].split("?")[0].split("#")[0] for h in hrefs))
    return pages[:n], hrefs


@pytest.mark.parametrize("query,expected", ZH)
def test_chinese_query_finds_its_page(page, site_url, query, expected):
    found, _ = top(page, site_url, "", query)
    assert expected in found, f"{query!r}: {found}"


@pytest.mark.parametrize("query,expected", EN)
def test_english_query_finds_its_page(page, site_url, query, expected):
    found, _ = top(page, site_url, "en/", query)
    assert "en/" + expected in found, f"{query!r}: {found}"


@pytest.mark.parametrize("root,query", [("en/", "以贷养贷"), ("en/", "限制消费"), ("", "borrowing"), ("", "enforcement")])
def test_search_stays_in_the_page_language(page, site_url, root, query):
    page.goto(site_url + root)
    page.wait_for_load_state("networkidle")
    box = page.locator("input.md-search__input")
    box.fill(query)
    box.press("End")
    page.wait_for_timeout(1500)  # let the worker answer, even with "no results"
    hrefs = page.locator(".md-search-result__item > a").evaluate_all("els => els.map(e => e.href)")
    other = [h for h in hrefs if h.startswith(site_url + "en/") != (root == "en/")]
    assert not other, other


@pytest.mark.parametrize("root", ["", "en/"])
def test_index_loads_on_first_use_and_only_its_language(page, site_url, root):
    """hooks/theme_patches.py defers the index: a page load fetches none; the first search fetches its own."""
    fetched = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(site_url + root + "lessons/legal-protections/")
    page.wait_for_load_state("networkidle")
    assert not [url for url in fetched if "search_index" in url]
    with page.expect_response(lambda response: "search_index" in response.url) as index:
        page.locator("input.md-search__input").focus()
    assert index.value.url == f"{site_url}{root}search/search_index.json" and index.value.ok
    assert [url for url in fetched if "search_index" in url] == [index.value.url]
