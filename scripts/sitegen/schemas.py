"""The schema of each data file, for the campaign's languages. Unknown keys are errors."""

from __future__ import annotations

from sitegen.validate import ANCHOR_REF, DATE, ID, TEXT, THEME_TEXT, localized


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
    # An urgent channel is a tap-to-call button on every page: it needs a number to call.
    channel = {**channel, "if": {"required": ["urgent"], "properties": {"urgent": {"const": True}}},
               "then": {"properties": {"number": {"minLength": 1}}}}
    resource = _strict({"id": ID, "url": HTTPS, **_per_language(languages, {"name": TEXT, "use": TEXT})},
                       ["id", "url", *languages])
    return _strict({
        "id": ID,
        "site_url": HTTPS,
        # The country whose telephone rules apply (sitegen/countries/<country>.yml).
        "country": {"type": "string", "pattern": r"^[a-z]{2}$"},
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
    }, ["id", "site_url", "country", "languages", "licence", "categories", "help_intro", "help_channels", "resources"])


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


def strings(required=("en",)) -> dict:
    """The generator's and a campaign's locales/strings.yml: interface strings, `{language: {key: text}}`."""
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
            "additionalProperties": table, "required": list(required)}


# Front matter: the data at the top of each page, checked as each page is rendered and by `make check`.
# Front-matter text reaches pages (and the offline pack, which has no CSP): plain text only.
TEXT_LIST = {"type": "array", "items": TEXT, "minItems": 1}
QA = {"type": "object", "required": ["question", "answer"], "additionalProperties": False,
      "properties": {"question": TEXT, "answer": TEXT}}
PAGE_SCHEMA = {
    "type": "object",
    "required": ["title"],
    "properties": {"title": TEXT, "description": TEXT},
}
REVIEW_FACTS = ("reviewed", "review_due", "sources")  # declared once, in the default language
LESSON_TEXT = {
    "title": TEXT,
    "description": TEXT,
    "audience": TEXT,
    "objectives": TEXT_LIST,
    "key_points": TEXT_LIST,
    # Discussion questions, each with its model answer for the teacher.
    "questions": {"type": "array", "minItems": 1, "items": QA},
    "exit_ticket": {"type": "array", "minItems": 3, "maxItems": 3, "items": QA},
    "adapt": {"type": "object", "minProperties": 1, "additionalProperties": TEXT},
    "key_terms": {"type": "array", "items": {"type": "object", "required": ["term", "definition"],
                                             "additionalProperties": False,
                                             "properties": {"term": TEXT, "definition": TEXT}}},
    "activity": {"type": "object", "required": ["title", "steps", "materials"], "additionalProperties": False,
                 "properties": {"title": TEXT, "steps": TEXT_LIST, "materials": TEXT_LIST,
                                "minutes": {"type": "integer", "minimum": 1},
                                "cards": {"type": "array", "items": {
                                    "type": "object", "required": ["text"], "additionalProperties": False,
                                    "properties": {"text": TEXT, "answer": TEXT}}}}},
    "diagram": {"type": "object", "required": ["title", "steps"], "additionalProperties": False,
                "properties": {"title": TEXT,
                               "steps": {"type": "array", "items": {
                                   "type": "object", "required": ["title"], "additionalProperties": False,
                                   "properties": {"title": TEXT, "text": TEXT}}}}},
    "translated_from": {"type": "string"},
    "translation": {"const": "needed"},  # a stub from `make import`, listed by `make i18n-status`
}
LESSON_FACTS = {
    "order": {"type": "integer", "minimum": 1},
    "duration": {"type": "integer", "minimum": 1},
    "level": {"type": "array", "items": ID},
    # The chapter of a source article this lesson teaches (`make import-check` confirms it).
    "source": {"type": "object", "additionalProperties": False,
               "properties": {"lines": {"type": "string", "pattern": r"^\d+-\d+$"},
                              "file": {"type": "string", "minLength": 1},
                              "heading": {"type": "string", "minLength": 1}},
               "dependentRequired": {"file": ["heading", "lines"], "heading": ["file"]}},
    "draft": {"type": "boolean"},  # imported, not yet written: the teaching fields may wait
    # When the page was last checked and when it must be checked again; the rules it relies on.
    "reviewed": {"format": "iso-date"},
    "review_due": {"format": "iso-date"},
    "sources": {"type": "array", "items": {"type": "string"}, "uniqueItems": True},
}
# A page quoting a letter that acknowledges a debt: it must carry the safeguards (checks/letters.py).
LETTER = {"enum": ["acknowledges-debt"]}
REQUIRED_TEXT = ["title", "description", "audience", "objectives", "key_points", "questions", "activity",
                 "exit_ticket", "adapt"]


def front_matter(kind: str, default_language: bool, draft: bool = False) -> dict:
    """A page's front matter, by its kind (lesson, topic, question, page) and language; a draft from
    `make import` needs only its title (and its order, in the default language)."""
    if kind == "lesson":
        props = {**LESSON_TEXT, **(LESSON_FACTS if default_language else {})}
        if draft:
            required = ["title"] + (["order"] if default_language else [])
        else:
            # reviewed and review_due are required too: checks/reviews.py says so, for every content type.
            required = REQUIRED_TEXT + (["order", "duration", "level"] if default_language else [])
        return {"type": "object", "required": required, "properties": props, "additionalProperties": False}
    if kind in ("topic", "question"):
        return {"type": "object", "properties": {"description": TEXT,
                                                 "translated_from": {"type": "string"},
                                                 "translation": LESSON_TEXT["translation"],
                                                 **({"letter": LETTER} if default_language else {})},
                "additionalProperties": False}
    if default_language:
        return {**PAGE_SCHEMA, "properties": {**PAGE_SCHEMA["properties"], **{k: LESSON_FACTS[k] for k in REVIEW_FACTS},
                                              "letter": LETTER}}
    return PAGE_SCHEMA
