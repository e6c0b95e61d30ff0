"""Review dates and sources of content pages, and the reader-question declarations.

A page that states a legal rule must list its sources, because the law changes and
a reader relies on the page. Every lesson, topic and question carries `reviewed`
and `review_due`, declared once: in the default language's front matter for
lessons, in docs/_data/ for topics and questions. A passed `review_due` is a
warning, not a failure: the page is still the best we have, but it is owed a check.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from sitegen import records, sitedata
from sitegen.review_dates import OTHER_MONTHS, RULE_MONTHS, due_for
from sitegen.checks import Problem, lesson_refs

QUESTIONS_FILE = records.QUESTIONS.shown()
REFERENCES_FILE = records.REFERENCES.shown()


def _as_date(value):
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        return None  # the schema reports it


def due_within(root: Path, data: sitedata.SiteData, today: datetime.date, days: int):
    """(review_due, kind, id, file, line) of every page due on or before today + days, soonest first."""
    until = today + datetime.timedelta(days=days)
    out = []
    for kind, ident, entry, rel, marks, at in declarations(root, data):
        due = _as_date(entry.get("review_due"))
        if due and due <= until and not entry.get("draft"):
            out.append((due, kind, ident, rel, marks.line(at + ("review_due",))))
    return sorted(out)


def due_report(root: Path, days: int = 60, today: datetime.date | None = None, out=None) -> int:
    """`make review-due`: the pages due for review in the next `days` days, by month."""
    import sys
    out = out or sys.stdout
    today = today or datetime.date.today()
    data = sitedata.load(root / "docs")
    rows = due_within(root, data, today, days)
    print(f"pages due for review by {today + datetime.timedelta(days=days)} ({days} days from {today}): {len(rows)}",
          file=out)
    month = None
    for due, kind, ident, rel, line in rows:
        if (due.year, due.month) != month:
            month = (due.year, due.month)
            print(f"\n{due:%Y-%m}" + (" (overdue)" if due < today else ""), file=out)
        print(f"  {due}  {kind:<8} {ident}  ({rel}:{line})", file=out)
    return 0


def declarations(root: Path, data: sitedata.SiteData):
    """(kind, id, entry, file, marks, path to the entry) for every lesson, topic and question."""
    lessons = sorted(data.lessons, key=lambda lesson: lesson.slug)
    for kind, entries in (("lesson", lessons), ("topic", data.topics), ("question", data.questions)):
        for entry in entries:
            yield kind, entry.id, entry, entry.where.file, entry.where.marks, entry.where.at
    folder = data.docs_dir / data.default
    for path in sorted(folder.rglob("*.md")):
        rel = path.relative_to(folder).as_posix()
        if sitedata.page_kind(rel)[0] == "page":  # other pages: a rule they state needs its sources too
            page = sitedata.read_page(path)
            yield "page", rel, page.meta, f"docs/{data.default}/{rel}", page.marks, ()


def rule_mentions(data: sitedata.SiteData, lang: str, path: Path):
    """(line, text) of each legal-rule citation in a page body (the pattern is a per-language string)."""
    pattern = re.compile(data.t(lang, "rule_citation"))
    page = sitedata.read_page(path)
    for number, line in enumerate(page.body.splitlines(), page.body_line):
        if match := pattern.search(line):
            yield number, match[0]


def page_file(root: Path, lang: str, kind: str, ident: str) -> Path:
    if kind == "page":
        return root / "docs" / lang / ident
    return root / "docs" / lang / {"lesson": "lessons", "topic": "topics", "question": "questions"}[kind] / f"{ident}.md"


def problems(root: Path, data: sitedata.SiteData, today: datetime.date | None = None):
    """(problems, warnings): missing or inconsistent review dates and sources, expired reviews."""
    today = today or datetime.date.today()
    out, warnings = [], []
    known_refs = {r.id for r in data.references}
    for kind, ident, entry, rel, marks, at in declarations(root, data):
        if entry.get("draft"):
            continue  # imported, not yet written: reviewed when it is
        reviewed, due = _as_date(entry.get("reviewed")), _as_date(entry.get("review_due"))
        for key, value in (("reviewed", reviewed), ("review_due", due)):
            if value is None and entry.get(key) is None:  # every page shows when a person last checked it
                out.append(Problem(rel, marks.line(at), "review", f"{kind} '{ident}': missing `{key}:`"))
        if reviewed and due and due != (expected := due_for(reviewed, entry)):
            out.append(Problem(rel, marks.line(at + ("review_due",)), "review",
                               f"{kind} '{ident}': review_due {due} should be {expected}: a page that states legal "
                               f"rules (it lists sources) is due {RULE_MONTHS} months after its review, "
                               f"another page {OTHER_MONTHS}"))
        if due and due <= today:
            warnings.append(Problem(rel, marks.line(at + ("review_due",)), "review",
                                    f"warning: {kind} '{ident}': review was due on {due}; check the page against "
                                    "its sources and update `reviewed:` and `review_due:`"))
        sources = entry.get("sources") or []
        for index, ref in enumerate(sources):
            if ref not in known_refs:
                out.append(Problem(rel, marks.line(at + ("sources", index)), "review",
                                   f"{kind} '{ident}': unknown source '{ref}' (not in {REFERENCES_FILE})"))
        page = page_file(root, data.default, kind, ident)
        if not sources and page.exists():
            for line, citation in rule_mentions(data, data.default, page):
                where = "`sources:` in its front matter" if kind in ("lesson", "page") else f"`sources:` to its entry in {rel}"
                out.append(Problem(page.relative_to(root).as_posix(), line, "review",
                                   f"states a legal rule ({citation}) but lists no sources: add {where}"))
                break
    return out, warnings


def reference_problems(root: Path, data: sitedata.SiteData) -> list[Problem]:
    """Each reference points at an official resource declared in campaign.yml."""
    resources = {r["id"] for r in data.campaign["resources"]}
    return [Problem(ref.where.file, ref.line("resource"), "review",
                    f"reference '{ref.id}': unknown resource '{ref['resource']}' (campaign.yml resources)")
            for ref in data.references if ref["resource"] not in resources]


def question_problems(root: Path, data: sitedata.SiteData) -> list[Problem]:
    """Every question is declared with known ids, has a page in every language, and opens with its answer."""
    out = []
    categories = {c["id"] for c in data.campaign["categories"]}
    topics = {t.id for t in data.topics}
    for question in data.questions:
        ident, file = question.id, question.where.file
        if question.category not in categories:
            out.append(Problem(file, question.line("category"), "question",
                               f"question '{ident}': unknown category '{question.category}'"))
        out += lesson_refs.problems(data, question, "question")
        for i, topic in enumerate(question.topics):
            if topic not in topics:
                out.append(Problem(file, question.line("topics", i), "question", f"question '{ident}': unknown topic '{topic}'"))
        for lang in data.languages:
            page = page_file(root, lang, "question", ident)
            if not page.exists():
                out.append(Problem(file, question.line(), "question",
                                   f"question '{ident}' has no page docs/{lang}/questions/{ident}.md"))
            else:
                out += answer_first_problems(root, data, lang, page)
    declared = {q.id for q in data.questions}
    for lang in data.languages:
        for path in sorted((root / "docs" / lang / "questions").glob("*.md")):
            if path.stem != "index" and path.stem not in declared:
                out.append(Problem(path.relative_to(root).as_posix(), 1, "question",
                                   f"question '{path.stem}' is not declared in {QUESTIONS_FILE}"))
    return out


def answer_first_problems(root: Path, data: sitedata.SiteData, lang: str, path: Path) -> list[Problem]:
    """A question page opens with `{#short-answer}`: two or three sentences, then the steps."""
    page = sitedata.read_page(path)
    shown = path.relative_to(root).as_posix()
    headings = page.headings()
    if not headings or headings[0][2] != "short-answer":
        return [Problem(shown, headings[0][3] if headings else page.body_line, "question",
                        "a question page opens with its short answer: `## … {#short-answer}`")]
    lines = page.body.splitlines()
    start = headings[0][3] - page.body_line + 1
    end = headings[1][3] - page.body_line if len(headings) > 1 else len(lines)
    answer = " ".join(line.strip() for line in lines[start:end] if line.strip())
    sentences = len(re.findall(data.t(lang, "sentence_end"), answer))
    out = []
    if not 2 <= sentences <= 3:
        out.append(Problem(shown, headings[0][3], "question",
                           f"the short answer has {sentences} sentences; write two or three"))
    if "what-you-can-do" not in [h[2] for h in headings]:
        out.append(Problem(shown, headings[0][3], "question",
                           "a question page gives the steps a reader can take: `## … {#what-you-can-do}`"))
    return out
