"""Validate data files against JSON Schemas, reporting `file:line: field: message`.

Lines come from marked_yaml's node marks. Text fields use the `plain-text` format:
data values are written into pages, so markup in them would reach readers raw.
"""

from __future__ import annotations

import datetime
import re

import jsonschema

MARKUP = re.compile(r"<\s*/?\s*[A-Za-z!?][^>]*>|\]\(|\*\*|`")
THEME_UNSAFE = re.compile(r'[<>&"]')
FORMATS = jsonschema.FormatChecker()


@FORMATS.checks("plain-text", raises=ValueError)
def _plain_text(value) -> bool:
    if isinstance(value, str) and MARKUP.search(value):
        raise ValueError("markup is not allowed")
    return True


@FORMATS.checks("theme-text", raises=ValueError)
def _theme_text(value) -> bool:
    """Names the theme's templates write into attributes without escaping (site name, language names)."""
    _plain_text(value)
    if isinstance(value, str) and THEME_UNSAFE.search(value):
        raise ValueError("the theme writes this field unescaped: < > & and \" are not allowed")
    return True


@FORMATS.checks("iso-date", raises=ValueError)
def _iso_date(value) -> bool:
    """YAML reads `2026-11-29` as a date; a quoted one stays a string and must still be a date."""
    if isinstance(value, datetime.date):
        return True
    datetime.date.fromisoformat(str(value))
    return True


TEXT = {"type": "string", "minLength": 1, "format": "plain-text"}
THEME_TEXT = {"type": "string", "minLength": 1, "format": "theme-text"}
ID = {"type": "string", "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$"}
DATE = {"format": "iso-date"}
ANCHOR_REF = {"type": "string", "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*#[a-z0-9]+(-[a-z0-9]+)*$"}


def localized(languages) -> dict:
    """`{zh: text, en: text}` with every campaign language."""
    return {lang: TEXT for lang in languages}


def field_name(path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(document)"


def _message(error) -> tuple[tuple, str]:
    """(path of the offending value, readable message) for one jsonschema error."""
    path = tuple(error.absolute_path)
    if error.validator == "required":
        missing = next((k for k in error.validator_value if k not in error.instance), "?")
        return path + (missing,), f"missing required key '{missing}'"
    if error.validator == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        return path + (extra[0],), f"unknown key '{extra[0]}'" + (f" (and {', '.join(extra[1:])})" if extra[1:] else "")
    if error.validator == "format" and error.validator_value == "plain-text":
        return path, "markup is not allowed"
    if error.validator == "format" and error.validator_value == "theme-text":
        return path, "markup is not allowed" if MARKUP.search(str(error.instance)) else \
            'the theme writes this field unescaped: < > & and " are not allowed'

    if error.validator == "format" and error.validator_value == "iso-date":
        return path, "must be a date written YYYY-MM-DD"
    if error.validator == "type":
        return path, f"must be of type {error.validator_value}"
    if error.validator == "enum":
        return path, f"must be one of {', '.join(map(str, error.validator_value))}"
    if error.validator == "pattern":
        return path, f"{error.instance!r} does not have the expected form"
    return path, error.message


def message_of(error) -> str:
    return _message(error)[1]


def validate(data, schema: dict, marks) -> list[tuple[int, str]]:
    """(line, 'field: message') for every problem, in file order."""
    validator = jsonschema.Draft202012Validator(schema, format_checker=FORMATS)
    out = set()
    for error in validator.iter_errors(data):
        if error.validator in ("anyOf", "oneOf") and error.context:
            error = min(error.context, key=lambda e: len(e.absolute_path))
        path, message = _message(error)
        shown = path[:-1] if message.startswith(("missing required", "unknown key")) else path
        out.add((marks.line(path), f"{field_name(shown)}: {message}" if shown else message))
    return sorted(out)
