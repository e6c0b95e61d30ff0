"""Parse a source article: `# ` chapter headings, paragraph lines, then related-topic lines.

    # Chapter title
    A paragraph, one per line.
    - category丨topic title

The separator of a topic line is 丨 (U+4E28), not a pipe. The related-topic block is
the run of `- ` lines at the end of the file. Every problem is a `sitedata.DataError`
naming the file and line; `parse` reports all of them at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sitegen import sitedata

SEPARATOR = "丨"
LOOKALIKES = {"|": "a pipe |", "｜": "a full-width bar ｜", "│": "a box-drawing bar │"}


@dataclass
class Chapter:
    heading: str
    line: int  # the `# ` line
    end: int  # the last paragraph line
    paragraphs: list[str] = field(default_factory=list)

    @property
    def lines(self) -> str:
        return f"{self.line}-{self.end}"


@dataclass
class TopicLine:
    prefix: str
    title: str
    line: int


@dataclass
class Article:
    path: Path
    chapters: list[Chapter]
    topics: list[TopicLine]


class ArticleError(Exception):
    def __init__(self, errors: list[sitedata.DataError]):
        self.errors = sorted(errors, key=lambda e: e.line)
        super().__init__("\n".join(str(e) for e in self.errors))


def parse(path: Path, shown: str | None = None) -> Article:
    """The article at `path`; errors name it as `shown` (default: the path as given)."""
    shown = shown or str(path)
    try:
        text = sitedata.read_text(path)
    except sitedata.DataError as err:
        raise ArticleError([sitedata.DataError(shown, err.line, err.message)]) from None
    lines = [line.rstrip() for line in text.removeprefix("\ufeff").splitlines()]
    errors: list[sitedata.DataError] = []
    fail = lambda line, message: errors.append(sitedata.DataError(shown, line, message))  # noqa: E731

    # The related-topic block: trailing lines that are blank or start with "- ".
    start = len(lines)
    while start > 0 and (not lines[start - 1].strip() or lines[start - 1].startswith("- ")):
        start -= 1
    chapters: list[Chapter] = []
    preamble = 0  # first line of text before the first chapter
    for number, line in enumerate(lines[:start], 1):
        if not line.strip():
            continue
        if line.startswith("#"):
            heading = line[2:].strip() if line.startswith("# ") else ""
            if not heading:
                fail(number, "a chapter heading is `# ` followed by the chapter's title "
                             "(sub-headings such as `## ` are not part of the format)")
                continue
            chapters.append(Chapter(heading, number, number))
        elif not chapters:
            preamble = preamble or number
        else:
            chapters[-1].paragraphs.append(line.strip())
            chapters[-1].end = number
    topics = []
    for number, line in enumerate(lines[start:], start + 1):
        if line.strip():
            if topic := _topic(line, number, fail):
                topics.append(topic)

    if not chapters:
        fail(1, "no chapters: each chapter starts with a line `# <title>`")
    elif preamble:
        fail(preamble, "text before the first chapter heading (a line starting with `# `)")
    for chapter in chapters:
        if not chapter.paragraphs:
            fail(chapter.line, f"chapter '{chapter.heading}' is empty: it needs at least one paragraph line")
    _duplicates(chapters, lambda c: c.heading, "chapter title", fail)
    _duplicates(topics, lambda t: t.title, "topic title", fail)
    if errors:
        raise ArticleError(errors)
    return Article(path, chapters, topics)


def _topic(line: str, number: int, fail) -> TopicLine | None:
    body = line[2:].strip()
    prefix, sep, title = body.partition(SEPARATOR)
    if not sep:
        found = next((name for char, name in LOOKALIKES.items() if char in body), None)
        hint = f" (found {found})" if found else ""
        fail(number, f"related-topic line without the separator 丨 (U+4E28){hint}: write `- category丨title`")
        return None
    if not prefix.strip() or not title.strip():
        fail(number, "related-topic line needs a category before 丨 and a title after it")
        return None
    return TopicLine(prefix.strip(), title.strip(), number)


def _duplicates(items, key, what: str, fail) -> None:
    seen: dict[str, int] = {}
    for item in items:
        if key(item) in seen:
            fail(item.line, f"duplicate {what} '{key(item)}' (first at line {seen[key(item)]})")
        seen.setdefault(key(item), item.line)
