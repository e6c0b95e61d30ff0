"""Edits to YAML that contributors wrote (front matter, data files), keeping their comments,
key order, quoting and layout: a round trip through ruamel.yaml, not line edits.

The site reads YAML with PyYAML (YAML 1.1); ruamel.yaml follows YAML 1.2, and the two read some
plain scalars differently (`yes`, `2e12`). So the round trip resolves no plain scalar at all (each
is kept as the text it was), every string written here is quoted unless PyYAML reads it back
unchanged, and every edit is checked by reading the result back with PyYAML.
"""

from __future__ import annotations

import datetime

import io

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.error import YAMLError as RoundTripError
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from sitegen import sitedata

FRONT_MATTER_FENCE = "---\n"


class _TextResolver(VersionedResolver):
    """Resolves no plain scalar to a type: `2e1255842527` stays that text (YAML 1.2 reads a float)."""

    @property
    def versioned_resolver(self):
        return {}


class EditError(sitedata.DataError):
    """An edit that cannot be made as intended, reported as `file:line: message`; nothing is written."""

    def __init__(self, where: str, message: str, line: int = 1):
        super().__init__(where, line, message)


def _yaml() -> YAML:
    rt = YAML(typ="rt")
    rt.Resolver = _TextResolver  # a plain scalar comes back exactly as written
    rt.preserve_quotes = True
    rt.width = 1_000_000  # never fold a long line the contributor wrote on one line
    rt.indent(mapping=2, sequence=4, offset=2)  # `key:\n  - item`, the layout the docs use
    return rt


def load(text: str):
    return _yaml().load(text)


def dump(data) -> str:
    out = io.StringIO()
    _yaml().dump(data, out)
    return out.getvalue()


def scalar(value):
    """`value` as the round trip should write it. Every plain scalar is text to the round trip, so
    numbers and booleans are written as their YAML 1.1 text, and a string PyYAML would read as
    something else is double-quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        try:
            same = yaml.safe_load(f"k: {value}") == {"k": value} and "#" not in value and value == value.strip()
        except yaml.YAMLError:
            same = False
        return value if same else DoubleQuotedScalarString(value)
    return value


def block(value):
    """Plain data (dicts, lists, scalars) as the round trip writes a new file: block style, every scalar
    through `scalar`, so it reads back as the same data."""
    if isinstance(value, dict):
        return CommentedMap((k, block(v)) for k, v in value.items())
    if isinstance(value, list):
        return CommentedSeq(block(v) for v in value)
    if isinstance(value, datetime.date):  # written plain, so the site's loader reads a date again
        return value.isoformat()
    return scalar(value)


def flow_map(items: dict) -> CommentedMap:
    node = CommentedMap((k, scalar(v)) for k, v in items.items())
    node.fa.set_flow_style()
    return node


def flow_seq(items: list) -> CommentedSeq:
    node = CommentedSeq(scalar(v) for v in items)
    node.fa.set_flow_style()
    return node


def split_front_matter(text: str) -> tuple[str | None, str]:
    """(the front matter's YAML, or None when the page has none; the rest of the page)."""
    match = sitedata.FRONT_MATTER.match(text)
    if not match:
        return None, text
    return match[1] or "", text[match.end():]


def edit_front_matter(text: str, set_keys: dict | None = None, remove: dict | None = None,
                      where: str = "page") -> str:
    """The page with `set_keys` set (appended when new) and each `remove` key dropped when it has
    that value. Keys are written after the existing ones; comments and layout are kept."""
    head, body = split_front_matter(text)
    try:
        data = load(head) if head and head.strip() else CommentedMap()
        expected = dict(yaml.safe_load(head) or {}) if head else {}
    except (RoundTripError, yaml.YAMLError, TypeError, ValueError):
        raise EditError(where, "front matter is not valid YAML (`make check` says where)") from None
    if not isinstance(data, CommentedMap):
        raise EditError(where, "front matter is not a mapping")
    for key, value in (remove or {}).items():
        if data.get(key) == value:
            del data[key]
            expected.pop(key, None)
    for key, value in (set_keys or {}).items():
        data[key] = scalar(value)
        expected[key] = value
    new_head = dump(data) if data else ""
    if (yaml.safe_load(new_head) or {}) != expected:
        raise EditError(where, "the edited front matter would not read back as written")
    if not new_head:
        return body.lstrip("\n") if head is not None else body
    return FRONT_MATTER_FENCE + new_head + FRONT_MATTER_FENCE + (body if head is not None else "\n" + body)


def append_to_list(text: str, key: str, entries: list[CommentedMap], where: str = "data file") -> str:
    """`text` with `entries` appended to its top-level list `key` (which may be empty or `[]`);
    every entry already there, and every comment, is kept."""
    data = load(text)
    items = data.get(key) if isinstance(data, CommentedMap) else None
    if isinstance(data, CommentedMap) and items in (None, ""):  # `key:` with nothing after it
        items = data[key] = CommentedSeq()
    if not isinstance(items, CommentedSeq):
        raise EditError(where, f"must be a mapping with a `{key}:` list")
    before = (yaml.safe_load(text) or {}).get(key) or []
    items.fa.set_block_style()  # `topics: []` grows into a block list
    items.extend(entries)
    new = dump(data)
    after = (yaml.safe_load(new) or {}).get(key) or []
    if len(after) != len(before) + len(entries) or after[:len(before)] != before:
        raise EditError(where, f"appending to `{key}` would change the entries already there")
    return new
