"""Plain language, checked: short sentences in a question's first answer, terms explained at first use.

A frightened reader reads the answer under a question's title and little else, so each
of its sentences stays under the language's `sentence_limit` (overrides/locales/strings.yml:
"35 characters", "20 words"). A term of art from docs/_data/glossary.yml is explained
where it is first used in running text (render/terms.py); a first use in a heading or a
link's text cannot carry the explanation, so it is reported here.
"""

from __future__ import annotations

import re
from pathlib import Path

from sitegen import glossary, records, sitedata
from sitegen.checks import Problem
from sitegen.checks.citations import prose_lines

MARKDOWN = [(re.compile(r"!?\[((?:[^\]\\]|\\.)*)\]\([^)]*\)"), r"\1"),  # a link reads as its label
            (re.compile(r"<[^>]+>|\{[#:][^}]*\}"), ""), (re.compile(r"[*_`]"), "")]
LINK_TEXT = re.compile(r"\[((?:[^\]\\]|\\.)*)\]\([^)]*\)")


def plain(text: str) -> str:
    for pattern, replacement in MARKDOWN:
        text = pattern.sub(replacement, text)
    return text


def limit(data: sitedata.SiteData, lang: str) -> tuple[int, str] | None:
    value = (data.strings.get(lang) or {}).get("sentence_limit")
    if not value:
        return None  # a language without a limit yet: nothing to measure against
    number, unit = value.split()
    return int(number), unit


def length(sentence: str, unit: str) -> int:
    return len(sentence.split()) if unit == "words" else len(re.sub(r"\s", "", sentence))


def sentences(data, lang: str, text: str) -> list[str]:
    """The sentences of `text`, each without its closing mark."""
    return [s.strip() for s in re.split(data.t(lang, "sentence_end"), text) if s.strip()]


def first_answer(page: records.Page) -> list[tuple[int, str]]:
    """(line, text) of the lines under the page's first heading, up to the next one."""
    headings = page.headings()
    if not headings:
        return []
    end = headings[1][3] if len(headings) > 1 else 10**9
    return [(n, line) for n, line in prose_lines(page) if headings[0][3] < n < end and line.strip()]


def long_sentences(data, lang: str, path: Path, shown: str) -> list[Problem]:
    rule = limit(data, lang)
    if rule is None:
        return []
    most, unit = rule
    out = []
    for number, line in first_answer(sitedata.read_page(path)):
        for sentence in sentences(data, lang, plain(line)):
            size = length(sentence, unit)
            if size > most:
                out.append(Problem(shown, number, "plain-language",
                                   f"a sentence of {size} {unit} in the first answer (at most {most}): "
                                   f"split it: “{sentence[:40]}{'…' if len(sentence) > 40 else ''}”"))
    return out


def unexplained_terms(data, lang: str, path: Path, shown: str) -> list[Problem]:
    """A glossary term whose first use on the page is in a heading or a link's text."""
    match = glossary.matcher(data, lang)
    if not match.terms:
        return []
    seen, out = set(), []
    page = sitedata.read_page(path)
    for number, line in prose_lines(page, keep_links=True):
        heading = bool(re.match(r"^#{1,6}\s", line))
        labels = [(m.start(1), m.end(1)) for m in LINK_TEXT.finditer(line)]
        for start, _end, term in match.find(re.sub(r"\]\([^)]*\)", lambda m: " " * len(m[0]), line)):
            if term.id in seen:
                continue
            seen.add(term.id)
            where = "a heading" if heading else next(("a link's text" for a, b in labels if a <= start < b), None)
            if where:
                out.append(Problem(shown, number, "plain-language",
                                   f"“{term.term}” is first used in {where}, where it cannot be explained: "
                                   f"use it in the text before (docs/_data/{glossary.FILE})"))
    return out


def problems(root: Path, data: sitedata.SiteData) -> list[Problem]:
    out = []
    for question in data.questions:
        for lang in data.languages:
            path = root / "docs" / lang / "questions" / f"{question.id}.md"
            if path.exists():
                out += long_sentences(data, lang, path, path.relative_to(root).as_posix())
    for lang in data.languages:
        folder = root / "docs" / lang
        for path in sorted(folder.rglob("*.md")):
            kind, ident = sitedata.page_kind(path.relative_to(folder).as_posix())
            if kind in ("lesson", "topic", "question"):
                out += unexplained_terms(data, lang, path, path.relative_to(root).as_posix())
    return out
