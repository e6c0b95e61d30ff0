"""Reader-first on a phone: the answer and the help lines on the first screen, every number a
tap-to-call link, teaching material collapsed but complete, and the small fixes readers hit."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

import pytest

from sitegen.testing import LANGUAGES

pytestmark = pytest.mark.campaign  # reads this campaign's pages and facts

PHONE = {"viewport": {"width": 360, "height": 800}, "is_mobile": True, "has_touch": True}
PREFIX = {"zh": "", "en": "en/"}


def content_pages(data):
    """Every lesson, topic and question page, in both languages."""
    paths = [f"lessons/{lesson.slug}/" for lesson in data.lessons]
    paths += [f"topics/{t['id']}/" for t in data.topics] + [f"questions/{q['id']}/" for q in data.questions]
    return [(lang, PREFIX[lang] + path) for lang in LANGUAGES for path in paths]


@pytest.fixture(scope="module")
def phone(browser):
    context = browser.new_context(**PHONE)
    tab = context.new_page()
    yield tab
    context.close()


def test_first_screen_has_title_summary_and_a_tap_to_call_link(phone, site_url, data):
    failures = []
    for lang, path in content_pages(data):
        phone.goto(site_url + path)
        found = phone.evaluate("""() => {
          const top = el => el ? el.getBoundingClientRect().top + window.scrollY : Infinity;
          const tel = [...document.querySelectorAll('article a[href^="tel:"]')].find(a => a.offsetParent);
          const summary = document.querySelector('article .page-lead, article #short-answer + p');
          const closed = [...document.querySelectorAll('details.teaching')].every(d => !d.open);
          return {h1: top(document.querySelector('article h1')), tel: top(tel), summary: top(summary),
                  telBottom: tel ? tel.getBoundingClientRect().bottom + window.scrollY : Infinity,
                  summaryText: summary ? summary.textContent.trim().length : 0, closed,
                  name: tel ? tel.getAttribute('aria-label') : ''};
        }""")
        problems = []
        if found["h1"] > 300:
            problems.append("title below the first screen's top")
        if found["summary"] > 800 or found["summaryText"] < 10:
            problems.append("no summary sentence on the first screen")
        if found["telBottom"] > 800:
            problems.append(f"first tap-to-call link at {found['tel']:.0f}px")
        if not found["closed"]:
            problems.append("teaching section open")
        if not re.search(r"\d", found["name"] or ""):
            problems.append("tel link without an accessible name naming its number")
        if problems:
            failures.append((path, problems))
    assert not failures, failures


class TextOutsideLinks(HTMLParser):
    """Text of the article that is not inside a link, code or a script."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.text, self.tel = [], [], []
        self.in_article = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "article":
            self.in_article += 1
        if tag == "a" and (a.get("href") or "").startswith("tel:"):
            self.tel.append((a["href"][4:], a.get("aria-label") or ""))
        if tag not in {"br", "img", "input", "meta", "link", "hr", "wbr"}:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag == "article":
            self.in_article -= 1
        while self.stack:
            if self.stack.pop() == tag:
                break

    def handle_data(self, data):
        if self.in_article and not set(self.stack) & {"a", "code", "pre", "script", "style"}:
            self.text.append(data)


def test_every_help_number_in_the_text_is_a_tap_to_call_link(site, data):
    numbers = sorted({c["number"] for c in data.campaign["help_channels"] if c.get("number")}, key=len, reverse=True)
    units = {lang: data.t(lang, "amount_units").split() for lang in LANGUAGES}
    # As in sitegen.render.tel_links: a number on its own, a full stop after it allowed.
    pattern = re.compile(rf"(?<![0-9A-Za-z\-/#:])(?<!\d[.,])({'|'.join(numbers)})(?![0-9A-Za-z%]|[.,]\d)")
    stray, links = [], 0
    for html_file in sorted(site.rglob("*.html")):
        rel = html_file.relative_to(site).as_posix()
        if rel.startswith(("assets/", "search/")) or "/search/" in rel:
            continue
        lang = "en" if rel.startswith("en/") else "zh"
        parser = TextOutsideLinks()
        parser.feed(html_file.read_text(encoding="utf-8"))
        text = "".join(parser.text)
        cited = re.compile(data.t(lang, "rule_citation"))
        for match in pattern.finditer(cited.sub(" ", text)):
            after = text[match.end():match.end() + 4].lstrip()
            if not any(after.startswith(u) for u in units[lang]):
                stray.append((rel, match[1], text[max(0, match.start() - 15):match.end() + 5]))
        for number, label in parser.tel:
            assert number in numbers and number in label and " ".join(number) in label, (rel, number, label)  # shown, then read digit by digit
            links += 1
    assert not stray, stray[:20]
    assert links > 200


def test_home_help_box_fits_one_phone_screen_with_the_urgent_channels_first(phone, site_url, data):
    urgent = [c["number"] for c in data.campaign["help_channels"] if c.get("urgent")]
    assert len(urgent) == 3
    for lang in LANGUAGES:
        phone.goto(site_url + PREFIX[lang])
        box = phone.locator("article .help-box").first
        rect = box.bounding_box()
        assert rect["y"] + rect["height"] <= 800, f"{lang}: help box ends at {rect['y'] + rect['height']:.0f}px"
        shown = box.locator(':scope > ul a[href^="tel:"]').evaluate_all("els => els.map(e => e.textContent)")
        assert shown == urgent
        assert box.locator("details.help-box__more").count() == 1  # the rest, one tap away


def test_need_help_link_on_every_page_jumps_to_a_help_box(site_url, page, data, site):
    paths = [p for _, p in content_pages(data)][:3] + ["", "about/", "teachers/", "en/licence/", "en/topics/",
                                                        "questions/", "no-such-page/", "en/no-such-page/"]
    for path in paths:
        page.goto(site_url + path)
        link = page.locator("a.help-now")
        assert link.count() == 1 and link.is_visible(), path
        link.click()
        page.wait_for_function("() => location.hash === '#help'")
        page.wait_for_load_state()  # a link to another page's #help: that page may still be loading
        assert page.locator("#help").count() == 1, f"{path}: #help missing after {page.url}"


def test_404_pages_show_the_help_channels(site, data):
    assert data.campaign["help_channels"], "the campaign lists no help channels"
    for lang, name in (("zh", "404.html"), ("en", "en/404.html")):
        html = (site / name).read_text(encoding="utf-8")
        for channel in data.campaign["help_channels"]:
            if channel.get("urgent"):
                assert f'href="tel:{channel["number"]}"' in html, (lang, channel["number"])


def test_teaching_blocks_are_collapsed_but_linkable_and_complete(browser, site_url, data):
    context = browser.new_context(**PHONE)
    tab = context.new_page()
    slug = data.lessons[0].slug
    tab.goto(f"{site_url}lessons/{slug}/")
    assert tab.locator("details.teaching").count() == 2
    assert not tab.locator("#objectives").is_visible()
    tab.goto(f"{site_url}lessons/{slug}/#objectives")  # a school's link opens the section it points to
    tab.wait_for_function("() => document.querySelector('#teaching-info').open")
    assert tab.locator("#objectives").is_visible()
    tab.goto(f"{site_url}lessons/{slug}/#activity")
    tab.wait_for_function("() => document.querySelector('#for-teachers').open")
    context.close()


def test_teachers_guide_lists_objectives_without_a_table_and_holds_each_lessons_materials(site, data):
    assert data.lessons, "the campaign has no lessons"
    for lang in LANGUAGES:
        html = (site / PREFIX[lang] / "teachers/index.html").read_text(encoding="utf-8")
        section = html[html.index('id="using-the-lessons"'):html.index('id="lesson-materials"')]
        assert "<table" not in section and 'class="lesson-plan"' in section
        for lesson in data.lessons:
            slug = lesson.slug
            assert f'id="lesson-{slug}"' in html and f'id="{slug}-exit-ticket"' in html and f'id="{slug}-answers"' in html
            meta = lesson.meta(lang)
            text = unescape(re.sub(r"<[^>]+>", "", html))  # numbers in the answers are tap-to-call links
            assert meta["exit_ticket"], f"{lang} {slug}: no exit ticket"
            for item in meta["exit_ticket"]:
                assert item["answer"][:20] in text


def test_section_links_are_visible_on_touch_screens(phone, site_url):
    phone.goto(site_url + "lessons/legal-protections/")
    opacity = phone.evaluate("getComputedStyle(document.querySelector('article h2 .headerlink')).opacity")
    assert float(opacity) == 1.0


def test_english_site_name_is_not_cut_off_on_a_phone(phone, site_url, data):
    phone.goto(site_url + "en/")
    name = phone.locator(".md-header__topic").first
    shown = name.evaluate("el => [...el.querySelectorAll('span')].filter(s => s.offsetWidth > 1).map(s => s.textContent.trim())")
    short = next(e["short_name"] for e in data.campaign["languages"] if e["locale"] == "en")
    assert short in shown
    assert name.evaluate("el => el.querySelector('.md-ellipsis').scrollWidth <= el.querySelector('.md-ellipsis').clientWidth")
    # The full name stays in the page for screen readers.
    assert name.evaluate("el => el.querySelector('.site-name--full').textContent.trim()") == data.campaign["languages"][1]["site_name"]
