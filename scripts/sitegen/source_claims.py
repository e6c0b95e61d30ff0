"""Which pages name which source items: the link between a source article and the site.

A lesson names its chapter in the default language's front matter
(`source: {file, lines, heading}`); a topic names its line in docs/_data/topics.yml
(`source: {file, line}` and `alias`, the line's title). `make import` finds pages by
these, never by file name, so an editor may rename a page; `make import-check`
confirms every claim still matches its source.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sitegen import records, sitedata

TOPICS_FILE = records.TOPICS.shown()

SOURCES_DIR = "docs/_data/sources"


def source_ref(root: Path, path: Path) -> str:
    """How pages name a source file: relative to docs/ when inside it, otherwise to the repository."""
    path = Path(os.path.abspath(path))
    docs = Path(os.path.abspath(root / "docs"))
    if path.is_relative_to(docs):
        return path.relative_to(docs).as_posix()
    return Path(os.path.relpath(path, os.path.abspath(root))).as_posix()


def resolve_ref(root: Path, ref: str) -> Path:
    """The file a page's `source.file` names (docs/ first, then the repository root)."""
    in_docs = root / "docs" / ref
    return in_docs if in_docs.exists() or not (root / ref).exists() else root / ref


def canonical(root: Path, ref: str) -> str:
    """One spelling per file, so `_data/x.txt` and `docs/_data/x.txt` are the same source."""
    path = resolve_ref(root, ref)
    return source_ref(root, path) if path.exists() else ref


def shown(root: Path, path: Path) -> str:
    """A path as messages show it: relative to the repository when inside it."""
    try:
        return Path(os.path.abspath(path)).relative_to(os.path.abspath(root)).as_posix()
    except ValueError:
        return str(path)


@dataclass
class LessonClaim:
    slug: str
    page: str  # docs/<default>/lessons/<slug>.md
    line: int  # front-matter line of `source:`
    file: str  # canonical source ref
    heading: str | None
    lines: str | None
    draft: bool


@dataclass
class TopicClaim:
    ident: str
    line: int  # line of the entry in docs/_data/topics.yml
    file: str
    alias: str | None
    source_line: int | None
    draft: bool


def lesson_claims(root: Path, default: str) -> list[LessonClaim]:
    out = []
    for path in sorted((root / "docs" / default / "lessons").glob("*.md")):
        page = sitedata.read_page(path)
        meta, source = page.meta, page.meta.get("source")
        if isinstance(source, dict) and isinstance(source.get("file"), str):
            heading = source.get("heading")
            out.append(LessonClaim(path.stem, shown(root, path), page.marks.line(("source",)),
                                   canonical(root, source["file"]), heading if isinstance(heading, str) else None,
                                   str(source["lines"]) if source.get("lines") is not None else None,
                                   bool(meta.get("draft"))))
    return out


def topic_entries(root: Path) -> list[dict]:
    path = root / TOPICS_FILE
    if not path.exists():
        return []
    return [t for t in (sitedata.load_yaml(path) or {}).get("topics") or [] if isinstance(t, dict)]


def topic_line(root: Path, ident: str) -> int:
    """Line of a topic's `- id:` entry in docs/_data/topics.yml, read as written: `make import` and
    `make import-check` read it before it is valid (an exact line, so one id is never taken for another's prefix)."""
    for number, line in enumerate(sitedata.read_text(root / TOPICS_FILE).splitlines(), 1):
        if line.strip() in (f"- id: {ident}", f"id: {ident}"):
            return number
    return 1


def topic_claims(root: Path) -> list[TopicClaim]:
    out = []
    for topic in topic_entries(root):
        source = topic.get("source")
        if isinstance(source, dict) and isinstance(source.get("file"), str):
            number = source.get("line")
            out.append(TopicClaim(str(topic.get("id")), topic_line(root, str(topic.get("id"))),
                                  canonical(root, source["file"]),
                                  topic["alias"] if isinstance(topic.get("alias"), str) else None,
                                  number if isinstance(number, int) else None, bool(topic.get("draft"))))
    return out
