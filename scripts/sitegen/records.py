"""The content model's records: the campaign, each entry of a data file (a topic, a question, a
reference) and each lesson, with where it is written.

A record reads like the mapping it was loaded from (`topic["id"]`, `topic.get("draft")`; a lesson, like
its default language's front matter), has typed properties for the fields the generator itself uses, and
keeps the YAML parser's line marks: a problem found in it later is reported at its line without reading
the file again.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sitegen import marked_yaml, schemas

DATA_FOLDER = "_data"  # inside docs/: the campaign's data files
HEADING = re.compile(r"^(#{2,6})\s+(.*?)\s*\{#([^}\s]+)\}\s*$")
FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass
class Page:
    """A Markdown file split into front matter and body."""

    path: Path
    meta: dict
    body: str
    body_line: int  # file line of the body's first line
    marks: marked_yaml.Marks = field(default_factory=marked_yaml.Marks)  # lines of the front matter's values

    def headings(self):
        """(level, text, id, line) for every heading with an explicit id, outside code fences."""
        out, fenced = [], False
        for number, line in enumerate(self.body.splitlines(), self.body_line):
            if FENCE.match(line):
                fenced = not fenced
            elif not fenced and (match := HEADING.match(line)):
                out.append((len(match[1]), match[2], match[3], number))
        return out


@dataclass(frozen=True)
class Where:
    """Where a record is written: its file as a contributor names it, the file's marks, the path to the entry."""

    file: str
    marks: marked_yaml.Marks
    at: tuple = ()

    def line(self, *field) -> int:
        """The line of `field` in the entry (a key, then indexes or keys below it), or the entry's own."""
        return self.marks.line(self.at + field)


class Entry(Mapping):
    """One entry of a data file: its fields as loaded, and where it is written."""

    def __init__(self, fields: dict, where: Where):
        self._fields = fields
        self.where = where

    def __getitem__(self, key):
        return self._fields[key]

    def __iter__(self) -> Iterator:
        return iter(self._fields)

    def __len__(self) -> int:
        return len(self._fields)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.id!r} at {self.where.file}:{self.line()})"

    @property
    def id(self) -> str:
        return self._fields["id"]

    def line(self, *field) -> int:
        return self.where.line(*field)

    def line_of_value(self, value) -> int:
        """The line of the first value (never a key) equal to `value`, in the order it is written; the entry's
        own line when there is none. For a problem found in a value wherever it is used."""
        stack = [((), self._fields)]
        while stack:  # depth first, in the order written (mappings keep it)
            at, node = stack.pop()
            if node == value and not isinstance(node, (dict, list)):
                return self.line(*at)
            items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
            stack += reversed([(at + (key,), item) for key, item in items])
        return self.line()


class Topic(Entry):
    @property
    def category(self) -> str | None:
        return self._fields.get("category")

    @property
    def lessons(self) -> list[str]:
        """`slug#anchor` references to the lesson sections that treat it."""
        return self._fields.get("lessons", [])

    @property
    def draft(self) -> bool:
        return bool(self._fields.get("draft"))


class Question(Entry):
    @property
    def category(self) -> str:
        return self._fields["category"]

    @property
    def topics(self) -> list[str]:
        return self._fields.get("topics", [])

    @property
    def lessons(self) -> list[str]:
        return self._fields.get("lessons", [])


class Reference(Entry):
    pass


class Lesson(Entry):
    """A lesson: its page in each language. It reads like its default language's front matter, where the
    facts every translation shares are written (order, duration, level, source, review dates, sources)."""

    def __init__(self, slug: str, pages: dict[str, Page], default: str):
        super().__init__(pages[default].meta, Where(f"docs/{default}/lessons/{slug}.md", pages[default].marks))
        self.slug = slug  # its file name in every language, and its URL
        self.pages = pages  # language -> Page; a language without its translation yet is missing

    @property
    def id(self) -> str:
        return self.slug

    @property
    def order(self) -> int | None:
        return self._fields.get("order")

    @property
    def duration(self) -> int | None:
        """Minutes; a draft has none yet."""
        return self._fields.get("duration")

    @property
    def level(self) -> list[str]:
        return self._fields.get("level") or []

    @property
    def draft(self) -> bool:
        return bool(self._fields.get("draft"))

    @property
    def activity_minutes(self) -> int | None:
        return (self._fields.get("activity") or {}).get("minutes")

    def page(self, lang: str) -> Page:
        return self.pages[lang]

    def meta(self, lang: str) -> dict:
        """Its front matter in `lang`: the text of that language (the facts are the default language's)."""
        return self.pages[lang].meta

    def title(self, lang: str) -> str:
        return self.meta(lang)["title"]

    def heading(self, lang: str, anchor: str) -> str | None:
        """The text of its heading `{#anchor}` in `lang`, None when there is none."""
        return next((text for _level, text, ident, _line in self.page(lang).headings() if ident == anchor), None)


class Campaign(Entry):
    """The campaign file: one entry, the whole document."""

    @property
    def locales(self) -> list[str]:
        return [language["locale"] for language in self._fields["languages"]]


@dataclass(frozen=True)
class DataFile:
    """A content type kept in one data file: `key:` holds a list of entries, each a `record`."""

    name: str
    key: str
    schema: object  # languages -> JSON schema (sitegen.schemas)
    record: type

    def shown(self) -> str:
        return f"docs/{DATA_FOLDER}/{self.name}"


TOPICS = DataFile("topics.yml", "topics", schemas.topics, Topic)
QUESTIONS = DataFile("questions.yml", "questions", schemas.questions, Question)
REFERENCES = DataFile("references.yml", "references", schemas.references, Reference)


def records(kind: DataFile, data: dict, marks: marked_yaml.Marks) -> list:
    """The entries of a loaded, validated data file, as records that know their lines."""
    where = lambda index: Where(kind.shown(), marks, (kind.key, index))  # noqa: E731
    return [kind.record(entry, where(index)) for index, entry in enumerate((data or {}).get(kind.key, []))]
