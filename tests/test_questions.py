"""Reader questions, sources and review dates: declared once in docs/_data/, shown on every page."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
import yaml

from sitegen import sitedata
from sitegen.testing import LANGUAGES, ROOT

pytestmark = pytest.mark.campaign  # reads this campaign's pages and facts

PREFIX = {"zh": "", "en": "en/"}


def built(site, lang, path):
    return (site / PREFIX[lang] / path / "index.html").read_text(encoding="utf-8")


class Section(HTMLParser):
    """The hrefs and text inside the element with a given id, and the next sibling block."""

    def __init__(self, ident):
        super().__init__(convert_charrefs=True)
        self.ident, self.depth, self.after, self.hrefs, self.text = ident, 0, False, [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id") == self.ident:
            self.after = True  # the heading; its list follows in the next block
        elif self.after and tag in {"h2"}:
            self.after = False
        if self.after and tag == "a" and a.get("href") and not a["href"].startswith("#"):
            self.hrefs.append(a["href"])

    def handle_data(self, data):
        if self.after:
            self.text.append(data)


def section(html, ident):
    parser = Section(ident)
    parser.feed(html)
    return parser


def test_fourteen_questions_in_both_languages_with_the_same_heading_ids(data):
    assert len(data.questions) >= 14
    for question in data.questions:
        ids = {lang: [h[2] for h in sitedata.read_page(ROOT / f"docs/{lang}/questions/{question['id']}.md").headings()]
               for lang in LANGUAGES}
        assert ids["zh"] == ids["en"], question["id"]
        assert ids["zh"][:2] == ["short-answer", "what-you-can-do"], question["id"]


def test_each_question_page_shows_its_answer_sources_and_review_dates(site, data):
    allowed = {urlsplit(r["url"]).hostname for r in data.campaign["resources"]}
    assert data.questions, "the campaign has no questions"
    for question in data.questions:
        for lang in LANGUAGES:
            html = built(site, lang, f"questions/{question['id']}")
            assert f">{data.local(question, lang)}</h1>" in html.replace("\n", "")
            assert 'id="short-answer"' in html and 'id="what-you-can-do"' in html
            sources = section(html, "sources")
            assert 'id="sources"' in html
            if question["sources"]:
                assert sources.hrefs, f"{lang} {question['id']}: no links in its sources list"
                hosts = {urlsplit(h).hostname for h in sources.hrefs}
                assert hosts <= allowed, hosts - allowed
                for ident in question["sources"]:
                    assert data.local(data.reference(ident), lang) in "".join(sources.text).replace("\n", "")
            else:  # a page that cites no rule says so, and indeed cites none
                assert data.t(lang, "sources_none") in html
                page = sitedata.read_page(ROOT / f"docs/{lang}/questions/{question['id']}.md")
                assert not re.search(data.t(lang, "rule_citation"), page.body)
            assert data.t(lang, "reviewed") in html and data.t(lang, "review_due") in html


def test_questions_that_state_rules_list_their_sources(data):
    stating = [q for q in data.questions if q["sources"]]
    assert len(stating) >= 13
    for question in stating:
        page = sitedata.read_page(ROOT / f"docs/zh/questions/{question['id']}.md")
        assert re.search(data.t("zh", "rule_citation"), page.body), question["id"]


def test_confirm_references_carry_no_article_or_document_number(data):
    assert data.references, "the campaign has no references"
    for ref in data.references:
        if ref["confidence"] == "confirm":
            assert not re.search(r"第[一二三四五六七八九十百千零]+条|〔\d{4}〕|Article \d|No\. \d", ref["zh"] + ref["en"]), ref["id"]


def review_pages(data):
    for lesson in data.lessons:
        yield f"lessons/{lesson.slug}", data.page_facts("lesson", lesson.slug)
    for topic in data.topics:
        yield f"topics/{topic['id']}", data.page_facts("topic", topic["id"])
    for question in data.questions:
        yield f"questions/{question['id']}", data.page_facts("question", question["id"])


def test_review_dates_render_on_every_lesson_topic_and_question(site, data):
    from sitegen.render import blocks
    pages = list(review_pages(data))
    assert len(pages) >= 5 + 20 + 14
    for path, facts in pages:
        for lang in LANGUAGES:
            html = built(site, lang, path)
            note = re.search(r'<div class="review-note".*?</div>', html, re.S)
            assert note, f"{lang} {path}: no review note"
            for key in ("reviewed", "review_due"):
                assert data.t(lang, key) in note[0] and blocks.format_date(data, lang, facts[key]) in note[0], (lang, path)


def test_generated_question_links_from_lessons_and_topics_resolve(site, data):
    checked = 0
    for folder, entries in (("lessons", data.lessons), ("topics", data.topics)):
        for entry in entries:
            ident = entry.id
            expected = {q["id"] for q in data.questions_for(entry)}
            for lang in LANGUAGES:
                html = built(site, lang, f"{folder}/{ident}")
                hrefs = section(html, "related-questions").hrefs if expected else []
                linked = {h.rstrip("/").rsplit("/", 1)[-1] for h in hrefs if "questions/" in h}
                assert linked == expected, (lang, ident, linked, expected)
                for href in hrefs:
                    target = (site / PREFIX[lang] / folder / ident / href).resolve() / "index.html"
                    assert target.exists(), (lang, ident, href)
                    checked += 1
    assert checked >= 40


def check(project) -> tuple[int, str]:
    """`make check` (without the linkchecker crawl) on a copy of the sources."""
    import io
    from sitegen.commands import check as sitecheck
    out = io.StringIO()
    code = sitecheck.run(project, crawl_links=False, out=out, downloads=False)
    return code, out.getvalue()


@pytest.mark.build
def test_expired_review_due_is_a_warning_naming_the_file(project):
    checked_project = project
    path = checked_project / "docs/zh/lessons/legal-protections.md"
    text = path.read_text(encoding="utf-8")
    expired = re.sub(r"^reviewed: \S+\nreview_due: \S+$", "reviewed: 2020-01-01\nreview_due: 2020-07-01", text,
                     count=1, flags=re.M)
    assert expired != text
    path.write_text(expired, encoding="utf-8")
    line = next(n for n, l in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if l.startswith("review_due:"))
    code, out = check(checked_project)
    assert f"docs/zh/lessons/legal-protections.md:{line}: warning:" in out, out[-2000:]
    assert "review was due on 2020-07-01" in out
    assert "1 reviews due" in out
    assert code == 0, out[-2000:]  # a warning, not a failure


def test_question_page_without_sources_fails_the_check_with_file_and_line(project):
    checked_project = project
    questions = checked_project / "docs/_data/questions.yml"
    data = yaml.safe_load(questions.read_text(encoding="utf-8"))
    ident = data["questions"][0]["id"]
    text = questions.read_text(encoding="utf-8")
    entry = text.index(f"- id: {ident}")
    start = text.index("    sources: [", entry)
    questions.write_text(text[:start] + "    sources: []\n" + text[text.index("\n", start) + 1:], encoding="utf-8")
    page = sitedata.read_page(checked_project / f"docs/zh/questions/{ident}.md")
    citation = re.compile(sitedata.load(ROOT / "docs").t("zh", "rule_citation"))
    line = next(n for n, l in enumerate(page.body.splitlines(), page.body_line) if citation.search(l))
    from sitegen.commands import check as runner  # a source check: found before any build
    out = "\n".join(str(p) for p in runner.source_checks(checked_project, checked_project / "mkdocs.yml")[2])
    assert f"docs/zh/questions/{ident}.md:{line}: states a legal rule" in out, out[-2000:]
