"""Reader safety and accessibility on every page (issue #22): the quick exit to a neutral site,
the feedback link, search results announced to screen readers, and help numbers read digit by digit."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import material
import pytest

from sitegen.checks.uri_syntax import mailto_problem
from sitegen.render.blocks import format_date
from sitegen.testing import LANGUAGES, ROOT, axe_violations, pages

pytestmark = pytest.mark.campaign  # reads this campaign's exit site, feedback address and numbers

PHONE = {"viewport": {"width": 360, "height": 800}, "is_mobile": True, "has_touch": True}
NEUTRAL_PAGE = "<!doctype html><html lang=en><title>Neutral</title><p>A neutral page, served by the test.</p></html>"


class Links(HTMLParser):
    """Every <a> (attributes and text), <link> and the canonical URL of one built page."""

    def __init__(self):
        super().__init__()
        self.anchors, self.links, self.canonical, self._open = [], [], None, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a":
            self._open.append({**attrs, "text": ""})
        elif tag == "link":
            self.links.append(attrs)
            if attrs.get("rel") == "canonical":
                self.canonical = attrs.get("href")

    def handle_data(self, text):
        for anchor in self._open:
            anchor["text"] += text

    def handle_endtag(self, tag):
        if tag == "a" and self._open:
            self.anchors.append(self._open.pop())


def parsed(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def built_pages(site: Path, data):
    """(lang, relative path, file) of every built page, the 404 pages included."""
    for lang in LANGUAGES:
        for rel, path in pages(site, lang, data.default):
            yield lang, rel, path
        yield lang, "404.html", site / data.prefix(lang) / "404.html"


@pytest.fixture(scope="module")
def exit_url(data) -> str:
    return data.campaign["quick_exit"]["url"]


def intercept(context, exit_url: str) -> list:
    """Serve the neutral site locally (no request leaves the machine); returns the requests it got."""
    hits = []
    host = urlsplit(exit_url).hostname

    def fulfil(route):
        hits.append({"url": route.request.url, "referer": route.request.headers.get("referer")})
        route.fulfill(status=200, content_type="text/html; charset=utf-8", body=NEUTRAL_PAGE)
    context.route(re.compile(rf"^https?://{re.escape(host)}(?::\d+)?(/.*)?$"), fulfil)
    return hits


def is_neutral(exit_url: str):
    return lambda url: url.startswith(exit_url)


# ---- Quick exit -------------------------------------------------------------------------------

def test_every_page_has_the_quick_exit_link_to_the_neutral_site_and_nothing_fetches_it(site, data, exit_url):
    host = urlsplit(exit_url).hostname
    found = 0
    for lang, rel, path in built_pages(site, data):
        parser = parsed(path)
        exits = [a for a in parser.anchors if "quick-exit" in (a.get("class") or "").split()]
        assert len(exits) == 1, (lang, rel, exits)
        link = exits[0]
        assert link["href"] == exit_url and "noreferrer" in link.get("rel", "").split(), (lang, rel, link)
        assert link["text"].strip() == data.t(lang, "quick_exit"), (lang, rel, link["text"])
        # No request before the reader leaves: no prefetch, preconnect or anything else naming the host.
        assert not [x for x in parser.links if host in (x.get("href") or "")], (lang, rel)
        found += 1
    assert found > 50


def two_pages(browser, site_url, data, exit_url, lang, path):
    """A tab that opened the language's home, then `path` in it (so Back has somewhere to go), with the
    neutral site intercepted: (context, its requests, tab, first URL, second URL)."""
    context = browser.new_context()
    hits = intercept(context, exit_url)
    tab = context.new_page()
    first, second = site_url + data.prefix(lang), f"{site_url}{data.prefix(lang)}{path}"
    tab.goto(first)
    tab.goto(second)
    return context, hits, tab, first, second


@pytest.mark.parametrize("lang", LANGUAGES)
def test_quick_exit_button_replaces_the_page_so_back_does_not_return(browser, site_url, data, exit_url, lang):
    context, hits, tab, first, second = two_pages(browser, site_url, data, exit_url, lang,
                                                  f"lessons/{data.lessons[0].slug}/")
    assert hits == [], "the neutral site was requested before the button was used"
    button = tab.locator("a.quick-exit")
    assert button.count() == 1 and button.is_visible()
    assert button.inner_text().strip() == data.t(lang, "quick_exit")
    button.click()
    tab.wait_for_url(is_neutral(exit_url))
    assert tab.locator("title").inner_text() == "Neutral"
    assert hits and hits[0]["referer"] is None, hits  # the neutral site is not told where the reader was
    tab.go_back()
    tab.wait_for_load_state()
    assert tab.url == first, f"Back went to {tab.url}: the page that was left must not be in the history"
    context.close()


def test_quick_exit_without_javascript_is_a_plain_link(browser, site_url, data, exit_url):
    context = browser.new_context(java_script_enabled=False)
    hits = intercept(context, exit_url)
    tab = context.new_page()
    tab.goto(site_url + "no-such-page/")  # the 404 page has it too
    tab.locator("a.quick-exit").click()
    tab.wait_for_url(is_neutral(exit_url))
    assert len(hits) == 1
    context.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_escape_twice_leaves_and_a_single_escape_only_closes_the_search(browser, site_url, data, exit_url, lang):
    context, hits, tab, first, second = two_pages(browser, site_url, data, exit_url, lang, "about/")
    tab.wait_for_function("() => document.querySelector('[data-md-component=search-query]') !== null")
    tab.locator("input.md-search__input").click()
    tab.wait_for_function("() => document.getElementById('__search').checked")
    tab.keyboard.press("Escape")  # one press: the theme closes its search, and the page stays
    tab.wait_for_function("() => !document.getElementById('__search').checked")
    # leave() hides the page at once, before the neutral site loads: it has not run.
    assert tab.evaluate("[location.href, document.body.hidden]") == [second, False] and hits == []
    tab.keyboard.press("Escape")  # the second press, within the second: leave
    tab.wait_for_url(is_neutral(exit_url))
    assert len(hits) == 1 and hits[0]["referer"] is None, hits
    tab.go_back()
    tab.wait_for_load_state()
    assert tab.url == first, f"Back went to {tab.url}"
    context.close()


def test_two_escapes_far_apart_do_not_leave(browser, site_url, exit_url):
    context = browser.new_context()
    hits = intercept(context, exit_url)
    tab = context.new_page()
    tab.clock.install()
    tab.goto(site_url + "about/")
    tab.keyboard.press("Escape")
    tab.clock.fast_forward(2000)
    tab.keyboard.press("Escape")
    # The key handler has run when press() returns; leave() would have hidden the page at once.
    assert tab.evaluate("[location.pathname, document.body.hidden]") == ["/about/", False] and hits == []
    context.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_exit_button_shares_the_top_bar_and_the_home_help_box_stays_on_the_first_screen(browser, site_url, data, lang):
    context = browser.new_context(**PHONE)
    tab = context.new_page()
    tab.goto(site_url + data.prefix(lang))
    found = tab.evaluate("""() => {
      const r = s => document.querySelector(s).getBoundingClientRect();
      const box = r('article .help-box');
      return {help: r('a.help-now'), exit: r('a.quick-exit'), box: box.bottom + window.scrollY,
              width: document.documentElement.clientWidth};
    }""")
    print(f"{lang}: home help box ends at {found['box']:.0f}px of 800; exit button {found['exit']}")
    assert found["box"] <= 800, found
    assert abs(found["exit"]["top"] - found["help"]["top"]) < 4, found  # one line: no height added
    assert found["exit"]["right"] <= found["width"] and found["exit"]["height"] >= 24, found  # target size
    context.close()


# ---- Feedback ---------------------------------------------------------------------------------

def test_every_reviewed_page_asks_for_feedback_by_mail_with_its_url_and_version(site, data):
    address = data.campaign["feedback"]["email"]
    found = 0
    for lang, rel, path in built_pages(site, data):
        if rel == "404.html":
            continue
        parser = parsed(path)
        text = path.read_text(encoding="utf-8")
        mails = [a for a in parser.anchors if (a.get("href") or "").startswith("mailto:" + address)]
        assert len(mails) == 1, (lang, rel, mails)
        href = mails[0]["href"]
        assert mailto_problem(href) is None, (rel, mailto_problem(href))
        assert mails[0]["text"] == data.t(lang, "feedback_link")
        assert f'<p class="feedback">{data.t(lang, "feedback_question")} ' in text, rel
        fields = parse_qs(urlsplit(href).query, keep_blank_values=True)
        body = fields["body"][0]
        assert parser.canonical and parser.canonical in fields["subject"][0] and parser.canonical in body, rel
        # Its version: the review date the page shows at its foot.
        version = re.search(r"(\d{4}-\d{2}-\d{2})", body)
        assert version, (rel, body)
        shown = data.t(lang, "reviewed") + data.t(lang, "colon") + format_date(data, lang, version[1])
        assert shown in unescape(text), (rel, shown)
        assert "\r\n" in body and unquote(href) != href  # lines and characters escaped
        found += 1
    assert found > 50


# ---- Search results announced -----------------------------------------------------------------

@pytest.mark.unit
def test_the_theme_still_has_the_result_meta_line_the_live_region_is_put_on():
    theme = (Path(material.__file__).parent / "templates/partials/search.html").read_text(encoding="utf-8")
    assert re.search(r'<div class="md-search-result" data-md-component="search-result">\s*'
                     r'<div class="md-search-result__meta">', theme), "the theme's search result markup changed"


@pytest.mark.parametrize("lang, query", [(LANGUAGES[0], "协商"), ("en", "negotiate")])
def test_search_result_count_is_in_a_live_region_that_changes_as_the_reader_types(page, site_url, data, lang, query):
    page.goto(site_url + data.prefix(lang))
    # The theme writes the count into the result's first child: that element must be the live region.
    region = page.locator("[data-md-component=search-result] > :first-child")
    assert region.get_attribute("aria-live") == "polite"
    assert "md-search-result__meta" in region.get_attribute("class")
    page.locator("input.md-search__input").click()
    before = region.inner_text()
    page.locator("input.md-search__input").fill(query)
    page.wait_for_function("([el, before]) => el.textContent.trim() !== before.trim() && /\\d/.test(el.textContent)",
                           arg=[region.element_handle(), before])
    assert re.search(r"\d", region.inner_text()), region.inner_text()


# ---- Help numbers read digit by digit ---------------------------------------------------------

def test_every_tap_to_call_link_says_its_number_digit_by_digit_and_shows_it_as_before(site, data):
    numbers = {c["number"] for c in data.campaign["help_channels"] if c.get("number")}
    found = 0
    for lang, rel, path in built_pages(site, data):
        for link in parsed(path).anchors:
            if not (link.get("href") or "").startswith("tel:"):
                continue
            number, label, shown = link["href"][4:], link.get("aria-label") or "", link["text"].strip()
            assert number in numbers, (rel, number)
            assert number in shown, (rel, shown)  # what is shown is unchanged: the number, whole
            # The words it shows first (axe: label-content-name-mismatch), then the digits one by one.
            assert label.startswith(shown + data.t(lang, "colon")), (rel, shown, label)
            assert " ".join(number) in label[len(shown):], (rel, label)
            found += 1
    assert found > 200


def test_axe_finds_nothing_on_pages_with_the_exit_button_feedback_and_tap_to_call_links(browser, site_url, data):
    context = browser.new_context()
    tab = context.new_page()
    question = sorted((ROOT / "docs" / data.default / "questions").glob("[!i]*.md"))[0].stem
    failures = {}
    for path in ["", "en/", f"questions/{question}/", f"en/questions/{question}/", "404.html", "en/404.html"]:
        tab.goto(site_url + path)
        assert tab.locator("a.quick-exit").count() == 1 and tab.locator('a[href^="tel:"]').count() > 0, path
        if found := axe_violations(tab):
            failures[path] = found
    context.close()
    assert not failures, failures
