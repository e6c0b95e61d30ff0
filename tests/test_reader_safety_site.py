"""On the built site: every page says when it was last reviewed, pages that may state a rule carry
the legal note, terms of art are explained once at first use (also by a tap on a phone), and the
home page's first screen on a phone shows what to do first, above the help numbers."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest

from sitegen import glossary
from sitegen.testing import LANGUAGES

pytestmark = pytest.mark.campaign  # reads this campaign's pages and facts

PHONE = {"viewport": {"width": 360, "height": 800}, "is_mobile": True, "has_touch": True}


def prefix(data, lang):
    return data.prefix(lang)


def built_pages(site, data, lang):
    """Every page of a language: its own folder, without the other languages, redirects or the 404."""
    root = site / prefix(data, lang)
    others = {site / data.prefix(other) for other in data.languages if other != lang and data.prefix(other)}
    for path in sorted(root.rglob("index.html")):
        if any(o in path.parents for o in others) or "downloads" in path.parts[len(root.parts):-1]:
            continue
        text = path.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in text:
            continue  # a redirect stub for a moved page
        yield path.relative_to(root).as_posix(), text


def review_note(text):
    match = re.search(r'<div class="review-note"[^>]*>(.*?)</div>', text, re.S)
    return unescape(re.sub(r"<[^>]+>", "", match[1])) if match else None


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_shows_last_reviewed_and_next_review_due(site, data, lang):
    pages = list(built_pages(site, data, lang))
    assert len(pages) > 40
    missing = [rel for rel, text in pages if not (note := review_note(text))
               or data.t(lang, "reviewed") not in note or data.t(lang, "review_due") not in note]
    assert missing == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pages_that_may_state_a_rule_carry_the_legal_note(site, data, lang):
    note = str(data.local(data.campaign["legal_note"], lang))
    pages = [(rel, text) for rel, text in built_pages(site, data, lang)
             if 'class="sources"' in text or rel.split("/")[0] in ("questions", "topics", "lessons")
             and rel.count("/") == 2]
    assert len(pages) > 40
    assert [rel for rel, text in pages if note not in (review_note(text) or "")] == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_terms_are_explained_once_at_their_first_use(site, data, lang):
    terms = {t.short: t for t in glossary.load(data)[lang]}
    explained_pages = 0
    for rel, text in built_pages(site, data, lang):
        shown = re.findall(r'<span class="term" tabindex="0">([^<]+)<span class="term__def" data-search-exclude>'
                           r'([^<]+)</span></span>', text)
        defs = [unescape(d) for _, d in shown]
        assert len(defs) == len(set(defs)), f"{rel}: a term explained twice"
        for word, definition in shown:
            term = next((t for short, t in terms.items() if short in unescape(definition)), None)
            assert term, f"{rel}: unknown explanation {definition}"
            assert word.lower() in [f.lower() for f in term.forms]
        explained_pages += bool(shown)
        # never inside a heading or a link
        assert not re.search(r'<h[1-6][^>]*>(?:(?!</h[1-6]>).)*class="term"', text, re.S), rel
        assert not re.search(r'<a [^>]*>(?:(?!</a>).)*class="term"', text, re.S), rel
    assert explained_pages > 10


@pytest.mark.parametrize("lang", LANGUAGES)
def test_explanations_stay_out_of_the_search_index(site, data, lang):
    index = json.loads((site / prefix(data, lang) / "search/search_index.json").read_text(encoding="utf-8"))
    text = " ".join(doc["text"] for doc in index["docs"])
    shorts = [t.short for t in glossary.load(data)[lang]]
    assert shorts and [s for s in shorts if s in text] == []


@pytest.fixture
def phone(browser):
    context = browser.new_context(**PHONE)
    tab = context.new_page()
    yield tab
    context.close()


def test_a_tap_shows_a_terms_explanation(phone, site_url, site, data):
    rel = next(rel for rel, text in built_pages(site, data, "zh") if rel.startswith("questions/")
               and 'class="term"' in text)
    phone.goto(site_url + rel.removesuffix("index.html"))
    term = phone.locator("article .term").first
    term.scroll_into_view_if_needed()
    explanation = term.locator(".term__def")
    hidden = explanation.bounding_box()
    assert hidden["width"] <= 1 and hidden["height"] <= 1  # visually hidden until asked for
    term.tap()
    shown = explanation.bounding_box()
    assert shown["width"] > 100 and shown["height"] > 10
    # what is drawn at the explanation's centre is the explanation itself
    assert phone.evaluate("""el => { const r = el.getBoundingClientRect();
        const at = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return el.contains(at); }""", explanation.element_handle())
    viewport = phone.viewport_size
    assert shown["x"] >= 0 and shown["x"] + shown["width"] <= viewport["width"] + 1
    phone.locator("article h1").tap()  # a tap elsewhere hides it again
    assert explanation.bounding_box()["width"] <= 1


@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_first_screen_shows_what_to_do_first_above_the_help_numbers(phone, site_url, data, lang):
    steps = data.campaign["first_steps"]["steps"]
    phone.goto(site_url + prefix(data, lang))
    found = phone.evaluate("""() => {
      const items = [...document.querySelectorAll('.first-steps ol > li')];
      const tel = [...document.querySelectorAll('article .help-box a[href^="tel:"]')].find(a => a.offsetParent);
      return {bottoms: items.map(li => li.getBoundingClientRect().bottom),
              links: items.map(li => li.querySelector('a') && li.querySelector('a').getAttribute('href')),
              tel: tel ? tel.getBoundingClientRect().top : null, height: window.innerHeight};
    }""")
    assert len(found["bottoms"]) == len(steps) == 3
    assert max(found["bottoms"]) <= found["height"], found
    assert found["tel"] is not None and max(found["bottoms"]) < found["tel"], found
    assert all(found["links"]), found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_one_review_note_naming_each_open_point_once(site, data, lang):
    """Points still to confirm are listed once each, under the rule they belong to, in the page's one note."""
    label = data.t(lang, "to_confirm")
    listed = 0
    for rel, text in built_pages(site, data, lang):
        assert text.count('class="review-note"') == 1, rel
        note = re.search(r'<div class="review-note"[^>]*>(.*?)</div>', text, re.S)[1]
        if label not in note:
            continue
        items = [unescape(re.sub(r"<[^>]+>", "", li)) for li in re.findall(r"<li>(.*?)</li>", note, re.S)]
        assert items and len(items) == len(set(items)), rel
        assert all(data.t(lang, "colon").strip() in item for item in items), rel
        listed += 1
    assert listed > 0
