"""The content model's records: the campaign, and each entry of a data file (a topic, a question, a
reference), with where it is written.

A record reads like the mapping it was loaded from (`topic["id"]`, `topic.get("draft")`), has typed
properties for the fields the generator itself uses, and keeps the YAML parser's line marks: a problem
found in it later is reported at its line without reading the file again.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from sitegen import marked_yaml, schemas

DATA_FOLDER = "_data"  # inside docs/: the campaign's data files


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
