"""The schema of each data file, for the campaign's languages. Unknown keys are errors."""

from __future__ import annotations

from schema import ANCHOR_REF, DATE, ID, TEXT, localized


def _strict(properties: dict, required: list[str]) -> dict:
    return {"type": "object", "properties": properties, "required": required, "additionalProperties": False}


def _list_of(item: dict, key: str) -> dict:
    return _strict({key: {"type": "array", "items": item}}, [key])


REVIEW = {"reviewed": DATE, "review_due": DATE}
SOURCES = {"type": "array", "items": ID, "uniqueItems": True}


def questions(languages) -> dict:
    item = _strict({
        "id": ID, "category": ID, **localized(languages),
        "lessons": {"type": "array", "items": ANCHOR_REF},
        "topics": {"type": "array", "items": ID},
        "sources": SOURCES, **REVIEW,
    }, ["id", "category", *languages, "sources", *REVIEW])
    return _list_of(item, "questions")


def references(languages) -> dict:
    item = _strict({
        "id": ID, "resource": ID, "confidence": {"enum": ["high", "confirm"]},
        **localized(languages), "to_confirm": _strict(localized(languages), list(languages)),
    }, ["id", "resource", "confidence", *languages])
    # What is not yet confirmed must say what to confirm: pages list it in their review note.
    item["if"] = {"properties": {"confidence": {"const": "confirm"}}}
    item["then"] = {"required": ["to_confirm"]}
    return _list_of(item, "references")


def search_rules() -> dict:
    """docs/_data/search/<lang>.yml: stop words, and synonyms from a short form to the pages' terms."""
    words = {"type": "array", "items": {"type": "string", "minLength": 1, "format": "plain-text"}}
    return _strict({"stopwords": words, "synonyms": {"type": "object", "additionalProperties": words}},
                   ["stopwords", "synonyms"])
