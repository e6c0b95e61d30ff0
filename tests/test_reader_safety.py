"""Advice that cannot hurt the reader: letters carry their safeguards, every rule named is a
listed source, first answers are short, terms are explained, every page says when it was checked.

Each rule is shown to catch a fault planted in a copy of the project (a mutation), at its file
and line, and to pass on the real content.
"""

from __future__ import annotations

import datetime
import io
import re

import pytest

from sitegen import glossary, numerals, sitedata
from sitegen.checks import citations, letters, plain_language, reviews
from sitegen.commands import check as sitecheck
from sitegen.review_dates import add_months
from sitegen.testing import ROOT

pytestmark = pytest.mark.campaign  # mutates this campaign's pages


def source_problems(project) -> list[str]:
    sitedata.reload()
    return [str(p) for p in sorted(sitecheck.source_checks(project, project / "mkdocs.yml", markdownlint=False)[2])]


def letter_pages(root=ROOT) -> list[str]:
    data = sitedata.load(root / "docs")
    folder = root / "docs" / data.default
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.md")
                  if sitedata.read_page(p).meta.get("letter") == letters.MARK)


def safeguard(data, ident: str, lang: str) -> str:
    return next(str(data.local(s, lang)) for s in data.campaign["letter_safeguards"] if s["id"] == ident)


# --- letters -------------------------------------------------------------------------------

def test_real_letters_carry_every_safeguard():
    data = sitedata.load(ROOT / "docs")
    pages = letter_pages()
    assert pages, "no page is marked `letter: acknowledges-debt`"
    assert {s["place"] for s in data.campaign["letter_safeguards"]} == {"before", "inside"}
    assert letters.problems(ROOT, data) == []


def _remove(path, text: str) -> int:
    """Remove `text` (verbatim, once) from a page; returns the line it was on."""
    content = path.read_text(encoding="utf-8")
    assert text in content, f"{text[:30]} is not in {path}"
    line = content[:content.index(text)].count("\n") + 1
    path.write_text(content.replace(text, "", 1), encoding="utf-8")
    return line


def letter_start(path) -> int:
    page = sitedata.read_page(path)
    return letters.parts(page)[0]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("ident,message", [("limitation-warning", "letter without its warning"),
                                           ("objection", "letter without campaign.yml letter_safeguards 'objection'")])
def test_letter_without_a_safeguard_fails(project, lang, ident, message):
    data = sitedata.load(project / "docs")
    rel = letter_pages(project)[0]
    path = project / "docs" / lang / rel
    _remove(path, safeguard(data, ident, lang))
    out = "\n".join(source_problems(project))
    assert re.search(rf"^docs/{lang}/{re.escape(rel)}:{letter_start(path)}: {re.escape(message)}", out, re.M), out


def test_warning_after_the_letter_does_not_count(project):
    """The warning must be read before the letter: moved below it, it is reported."""
    data = sitedata.load(project / "docs")
    rel = letter_pages(project)[0]
    path = project / "docs" / "zh" / rel
    text = safeguard(data, "limitation-warning", "zh")
    _remove(path, text)
    path.write_text(path.read_text(encoding="utf-8") + f"\n!!! warning\n\n    {text}\n", encoding="utf-8")
    assert any(f"docs/zh/{rel}:" in p and "letter without its warning" in p for p in source_problems(project))


# --- every rule named is a listed source ----------------------------------------------------

@pytest.mark.parametrize("text,kind,numbers,title", [
    ("《中华人民共和国民法典》第一百九十五条规定", "article", {"195"}, "民法典"),
    ("依照第十五、十六条", "article", {"15", "16"}, ""),
    ("刑法第二百九十三条之一", "article", {"293-1"}, ""),
    ("Civil Code, Article 1064", "article", {"1064"}, ""),
    ("Articles 103, 104 and 106 of the law", "article", {"103", "104", "106"}, ""),
    ("Article 293-1 of the Criminal Law", "article", {"293-1"}, ""),
    ("（法释〔2015〕17号）", "document", {"2015/17"}, ""),
    ("(Fa Shi [2015] No. 17)", "document", {"2015/17"}, ""),
])
def test_citations_are_read_in_every_form(text, kind, numbers, title):
    pats = citations.patterns(sitedata.load(ROOT / "docs"))
    found = [m for m in citations.mentions(text, pats) if m.kind == kind]
    assert found and found[-1].numbers == frozenset(numbers), found
    assert found[-1].title == title


def test_chinese_numerals():
    assert [numerals.to_int(t) for t in ("一百零三", "一千零六十四", "十五", "二百", "15")] == [103, 1064, 15, 200, 15]
    assert numerals.to_int("第") is None


def test_real_pages_cite_only_listed_sources():
    data = sitedata.load(ROOT / "docs")
    assert citations.problems(ROOT, data) == []


def _question_citing(data, root):
    """A question page, an article it names in its text, and the source id that covers it."""
    pats = citations.patterns(data)
    for question in data.questions:
        path = root / "docs" / data.default / "questions" / f"{question['id']}.md"
        for number, line in citations.prose_lines(sitedata.read_page(path)):
            for mention in citations.mentions(line, pats):
                if mention.kind != "article":
                    continue
                covering = [i for i in question["sources"]
                            if citations.covered(mention, [citations.source_of(data.reference(i), data, pats)])]
                if len(covering) == 1:
                    return question, path, number, covering[0]
    raise AssertionError("no question page names an article")


def test_a_missing_source_is_reported_at_the_line_that_names_it(project):
    data = sitedata.load(project / "docs")
    question, path, line, ident = _question_citing(data, project)
    questions = project / "docs/_data/questions.yml"
    text = questions.read_text(encoding="utf-8")
    block = re.search(rf"- id: {question['id']}\n(?:    .*\n)+", text)[0]
    changed = re.sub(rf"(sources: \[[^\]]*?)\b{re.escape(ident)}\b,? ?", r"\1", block).replace(", ]", "]")
    assert changed != block
    questions.write_text(text.replace(block, changed), encoding="utf-8")
    out = "\n".join(source_problems(project))
    shown = path.relative_to(project).as_posix()
    assert re.search(rf"^{re.escape(shown)}:{line}: names .*, which is not in this page's sources", out, re.M), out


# --- plain language -------------------------------------------------------------------------

def test_real_first_answers_are_short():
    data = sitedata.load(ROOT / "docs")
    checked = [q for q in data.questions if (ROOT / f"docs/zh/questions/{q['id']}.md").exists()]
    assert len(checked) == len(data.questions) > 0
    assert [p for p in plain_language.problems(ROOT, data) if "first answer" in p.message] == []


@pytest.mark.parametrize("lang,sentence", [
    ("zh", "这是一个专门用来测试的句子，它故意写得很长很长，长到超过了三十五个字的限制。"),
    ("en", "This sentence was written on purpose to be far too long for a frightened reader who only "
           "wants to know what to do next."),
])
def test_a_long_first_answer_sentence_is_reported(project, lang, sentence):
    data = sitedata.load(project / "docs")
    path = project / "docs" / lang / "questions" / f"{data.questions[0]['id']}.md"
    text = path.read_text(encoding="utf-8")
    heading = re.search(r"^## .*\{#short-answer\}\n\n", text, re.M)
    path.write_text(text[:heading.end()] + sentence + "\n\n" + text[heading.end():], encoding="utf-8")
    line = text[:heading.end()].count("\n") + 1
    out = "\n".join(source_problems(project))
    assert re.search(rf"^docs/{lang}/questions/{data.questions[0]['id']}.md:{line}: a sentence of \d+ "
                     rf"(characters|words) in the first answer", out, re.M), out


def test_a_glossary_term_is_found_inside_a_chinese_sentence():
    data = sitedata.load(ROOT / "docs")
    terms = glossary.load(data)
    assert terms, "docs/_data/glossary.yml is missing"
    match = glossary.matcher(data, "zh")
    term = next(t for t in terms["zh"] if not re.search(r"[A-Za-z]", t.term))
    found = match.find(f"听说他已经被{term.term}了吗")
    assert [t.id for _, _, t in found] == [term.id]
    # Latin terms are whole words only
    latin = glossary.Matcher([glossary.Term("x", "LPR", "rate", ("LPR",))])
    assert latin.find("the LPR rate") and not latin.find("LPRS") and latin.find("四倍LPR以上")


def test_longest_term_wins_where_terms_overlap():
    match = glossary.Matcher([glossary.Term("a", "被执行人", "a", ("被执行人",)),
                              glossary.Term("b", "失信被执行人", "b", ("失信被执行人",))])
    assert [t.id for *_, t in match.find("成为失信被执行人以后，被执行人")] == ["b", "a"]


@pytest.mark.parametrize("planted,where", [("## {term} {{#planted-term}}", "a heading"),
                                            ("参见[{term}](../index.md)。", "a link's text")])
def test_a_term_first_used_where_it_cannot_be_explained_is_reported(project, planted, where):
    data = sitedata.load(project / "docs")
    term = glossary.load(data)["zh"][0]
    path = project / "docs/zh/lessons" / f"{data.lessons[0].slug}.md"
    line = sitedata.read_page(path).body_line
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(line - 1, planted.format(term=term.term) + "\n\n")
    path.write_text("".join(lines), encoding="utf-8")
    out = "\n".join(source_problems(project))
    assert re.search(rf"^docs/zh/lessons/{path.stem}.md:{line}: “{re.escape(term.term)}” is first used in {re.escape(where)}",
                     out, re.M), out


# --- review dates ---------------------------------------------------------------------------

def test_six_months_for_rules_twelve_for_the_rest():
    day = datetime.date(2026, 8, 31)
    assert add_months(day, 6) == datetime.date(2027, 2, 28)
    assert reviews.due_for(day, {"sources": ["x"]}) == datetime.date(2027, 2, 28)
    assert reviews.due_for(day, {}) == datetime.date(2027, 8, 31)


def test_every_page_declares_its_review():
    data = sitedata.load(ROOT / "docs")
    rows = list(reviews.declarations(ROOT, data))
    assert len(rows) > 40
    missing = [(kind, ident) for kind, ident, entry, *_ in rows
               if not entry.get("draft") and not (entry.get("reviewed") and entry.get("review_due"))]
    assert missing == []


def test_a_wrong_review_interval_is_reported(project):
    path = project / "docs/zh/licence.md"
    text = path.read_text(encoding="utf-8")
    due = re.search(r"^review_due: (\S+)$", text, re.M)
    assert due, "licence.md declares no review_due"
    wrong = datetime.date.fromisoformat(due[1]) - datetime.timedelta(days=1)
    path.write_text(text.replace(due[0], f"review_due: {wrong}"), encoding="utf-8")
    line = text[:due.start()].count("\n") + 1
    assert any(p.startswith(f"docs/zh/licence.md:{line}: page 'licence.md': review_due {wrong} should be")
               for p in source_problems(project))


def test_review_due_lists_pages_by_month(project):
    data = sitedata.load(project / "docs")
    rows = list(reviews.declarations(project, data))
    first = min(datetime.date.fromisoformat(str(e["review_due"])) for _, _, e, *_ in rows if e.get("review_due"))
    out = io.StringIO()
    assert reviews.due_report(project, 60, today=first - datetime.timedelta(days=30), out=out) == 0
    text = out.getvalue()
    assert re.search(rf"^{first:%Y-%m}$", text, re.M), text
    listed = re.findall(r"^  (\d{4}-\d\d-\d\d) ", text, re.M)
    assert listed and listed == sorted(listed) and all(d <= str(first + datetime.timedelta(days=30)) for d in listed)
    out = io.StringIO()
    reviews.due_report(project, 60, today=first - datetime.timedelta(days=90), out=out)
    assert re.findall(r"^  \d{4}-", out.getvalue(), re.M) == []

