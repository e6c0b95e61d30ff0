"""The schema of each data file, for the campaign's languages. Unknown keys are errors."""

from __future__ import annotations

from sitegen.schema import ANCHOR_REF, DATE, ID, TEXT, THEME_TEXT, localized


def _strict(properties: dict, required: list[str]) -> dict:
    return {"type": "object", "properties": properties, "required": required, "additionalProperties": False}


def _list_of(item: dict, key: str) -> dict:
    return _strict({key: {"type": "array", "items": item}}, [key])


REVIEW = {"reviewed": DATE, "review_due": DATE}
PHRASES = {"type": "array", "items": TEXT, "uniqueItems": True}
SOURCES = {"type": "array", "items": ID, "uniqueItems": True}


def questions(languages) -> dict:
    item = _strict({
        "id": ID, "category": ID, **localized(languages),
        "lessons": {"type": "array", "items": ANCHOR_REF},
        "topics": {"type": "array", "items": ID},
        # How readers phrase the question in a search box: shown under the title and indexed.
        "aliases": _strict({lang: PHRASES for lang in languages}, list(languages)),
        "sources": SOURCES, **REVIEW,
    }, ["id", "category", *languages, "sources", *REVIEW])
    return _list_of(item, "questions")


def glossary(languages) -> dict:
    """docs/_data/glossary.yml: terms of art, explained once per language at their first use on a page."""
    entry = _strict({"term": TEXT, "also": PHRASES, "short": TEXT}, ["term", "short"])
    item = _strict({"id": ID, **{lang: entry for lang in languages}}, ["id", *languages])
    return _list_of(item, "terms")


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


HTTPS = {"type": "string", "pattern": r"^https://[^\s<>\"']+$"}
FLAG = {"type": "boolean"}


def _per_language(languages, fields: dict, required=None) -> dict:
    """`{zh: {...fields}, en: {...fields}}`: one block of text fields per campaign language."""
    block = _strict(fields, list(required if required is not None else fields))
    return {lang: block for lang in languages}


def campaign(languages) -> dict:
    """docs/_data/campaign.yml: everything that makes one campaign's site differ from another's."""
    language = _strict({
        "locale": {"type": "string", "pattern": r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$"},
        "name": THEME_TEXT, "site_name": THEME_TEXT, "short_name": THEME_TEXT, "site_description": THEME_TEXT,
    }, ["locale", "name", "site_name", "site_description"])
    channel = _strict({
        "id": ID, "short": FLAG, "urgent": FLAG,
        "number": {"type": "string", "pattern": r"^[0-9]*$"},  # "" for a channel without one number
        # label: the short name on tap-to-call buttons (the name when there is none)
        **_per_language(languages, {"label": TEXT, "name": TEXT, "use": TEXT}, ["name", "use"]),
    }, ["id", "number", *languages])
    resource = _strict({"id": ID, "url": HTTPS, **_per_language(languages, {"name": TEXT, "use": TEXT})},
                       ["id", "url", *languages])
    return _strict({
        "id": ID,
        "site_url": HTTPS,
        "languages": {"type": "array", "items": language, "minItems": 1},
        "licence": _strict({"id": {"type": "string", "minLength": 1}, "name": THEME_TEXT, "url": HTTPS,
                            "holder": _strict(localized(languages), list(languages))}, ["id", "name", "url", "holder"]),
        "categories": {"type": "array", "items": _strict({"id": ID, **localized(languages)}, ["id", *languages])},
        "source_categories": {"type": "object", "additionalProperties": ID},
        "legal_note": _strict(localized(languages), list(languages)),
        # The neutral site the "leave this site" button goes to (its host is on the link allowlist),
        # and the address "Was this page helpful?" mails.
        "quick_exit": _strict({"url": HTTPS}, ["url"]),
        "feedback": _strict({"email": {"type": "string", "pattern": r"^[A-Za-z0-9._+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$"}},
                            ["email"]),
        # The home page's first screen: the steps to take first, each linking to its page.
        "first_steps": _strict({
            "title": _strict(localized(languages), list(languages)),
            "steps": {"type": "array", "minItems": 1, "items": _strict(
                {"page": {"type": "string", "pattern": r"^[a-z0-9/_-]+\.md$"}, **localized(languages)},
                ["page", *languages])}}, ["title", "steps"]),
        # Sentences every letter that acknowledges a debt must carry (checks/letters.py).
        "letter_safeguards": {"type": "array", "items": _strict(
            {"id": ID, "place": {"enum": ["before", "inside"]}, **localized(languages)},
            ["id", "place", *languages])},
        # The fields a letter template's named blanks `{{id}}` stand for (render/letter_form.py).
        "letter_fields": {"type": "array", "items": _strict(
            {"id": ID, "kind": {"enum": ["text", "amount", "date", "long"]},
             **_per_language(languages, {"label": TEXT, "hint": TEXT}, ["label"])},
            ["id", "kind", *languages])},
        "help_intro": _strict(localized(languages), list(languages)),
        "help_channels": {"type": "array", "items": channel, "minItems": 1},
        "resources": {"type": "array", "items": resource},
        # What the loan-cost calculator compares a result with: each point's rate (% a year) × multiple,
        # with its label and scope per language, and the question page that explains them.
        "calculator": _strict({
            "question": ID,
            "reference_rates": {"type": "array", "minItems": 1, "items": _strict({
                "id": ID, "rate": {"type": "number", "exclusiveMinimum": 0},
                "multiple": {"type": "number", "exclusiveMinimum": 0}, "as_of": DATE,
                **_per_language(languages, {"label": TEXT, "scope": TEXT}),
            }, ["id", "rate", *languages])},
        }, ["question", "reference_rates"]),
    }, ["id", "site_url", "languages", "licence", "categories", "help_intro", "help_channels", "resources"])


def situation(languages) -> dict:
    """docs/_data/situation.yml: the guided check's questions, and the steps its answers lead to."""
    answer = _strict({"id": ID, **localized(languages)}, ["id", *languages])
    question = _strict({
        "id": ID, "type": {"enum": ["one", "any"]},
        **_per_language(languages, {"legend": TEXT, "hint": TEXT}, ["legend"]),
        "answers": {"type": "array", "items": answer, "minItems": 2},
    }, ["id", "type", *languages, "answers"])
    step = _strict({
        "id": ID, "group": ID,
        "when": {"type": "object", "propertyNames": ID, "minProperties": 1,
                 "additionalProperties": {"type": "array", "items": ID, "minItems": 1, "uniqueItems": True}},
        "days": {"type": "integer", "minimum": 1},
        # A page inside each language's folder, and the heading that explains the step.
        "page": {"type": "string", "pattern": r"^[a-z0-9/_-]+\.md#[a-z0-9]+(-[a-z0-9]+)*$"},
        "channel": ID,
        **_per_language(languages, {"title": TEXT, "text": TEXT}),
    }, ["id", "group", "page", "channel", *languages])
    return _strict({
        "page": {"type": "string", "pattern": r"^[a-z0-9/_-]+\.md$"},
        "groups": {"type": "array", "items": _strict({"id": ID, **localized(languages)}, ["id", *languages]),
                   "minItems": 1},
        "questions": {"type": "array", "items": question, "minItems": 1},
        "steps": {"type": "array", "items": step, "minItems": 1},
    }, ["page", "groups", "questions", "steps"])


def topics(languages) -> dict:
    """docs/_data/topics.yml: each topic declared once; its page holds only the answer text."""
    item = _strict({
        "id": ID, "alias": TEXT, "category": ID, "draft": FLAG, **localized(languages),
        "source": _strict({"file": {"type": "string", "minLength": 1}, "line": {"type": "integer", "minimum": 1}},
                          ["file", "line"]),
        "lessons": {"type": "array", "items": ANCHOR_REF},
        "resources": {"type": "array", "items": ID},
        "sources": SOURCES, **REVIEW,
    }, ["id", "category", *languages, "lessons"])
    return _list_of(item, "topics")


def strings() -> dict:
    """overrides/locales/strings.yml: interface strings, `{language: {key: text}}`."""
    pattern = {"type": "string", "minLength": 1, "format": "regex"}  # read by `make check`, never shown
    table = {"type": "object", "propertyNames": {"pattern": r"^[a-z][a-z0-9_-]*$"},
             "properties": {"rule_citation": pattern, "sentence_end": pattern,
                            # How this language names a law (group `title`), an article (`n`, optional `sub`)
                            # and a document number (`year`, `n`): checks/citations.py reads them.
                            "citation_title": pattern, "citation_article": pattern, "citation_document": pattern,
                            # The longest sentence a first answer may have: "35 characters" or "20 words".
                            "sentence_limit": {"type": "string", "pattern": r"^[1-9][0-9]* (characters|words)$"}},
             "additionalProperties": TEXT}
    return {"type": "object", "propertyNames": {"pattern": r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$"},
            "additionalProperties": table, "required": ["en"]}
