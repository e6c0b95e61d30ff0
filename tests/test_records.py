"""The content model's records: the campaign and every topic, question and reference of the campaign under
test are loaded once, with the lines they are written on, and a problem found in one later is reported at
its own field."""

from __future__ import annotations

import re

import pytest

from sitegen import records, sitedata
from sitegen.checks import reviews, source
from sitegen.testing import LANGUAGES, ROOT


def loaded():
    data = sitedata.load(ROOT / "docs")
    return [(kind, entry) for kind, entries in ((records.TOPICS, data.topics), (records.QUESTIONS, data.questions),
                                                (records.REFERENCES, data.references)) for entry in entries]


def test_each_record_knows_the_lines_its_id_and_fields_are_written_on():
    entries = loaded()
    assert entries, "the campaign declares no topic, question or reference"
    for kind, entry in entries:
        lines = (ROOT / entry.where.file).read_text(encoding="utf-8").splitlines()
        assert entry.where.file == kind.shown() and isinstance(entry, kind.record)
        written = lines[entry.line() - 1]
        assert re.match(rf"\s*(- )?id:\s*{re.escape(entry.id)}\s*(#|$)", written), (entry, written)
        fields = [key for key in entry if key != "id" and not isinstance(entry[key], (dict, list))]
        assert fields, f"{entry}: no field besides its id to find"
        for key in fields:
            assert lines[entry.line(key) - 1].lstrip(" -").startswith(f"{key}:"), (entry, key)
        assert dict(entry) == entry and entry["id"] == entry.id  # still read as the mapping it was written as


def test_the_campaign_finds_the_line_of_each_value_it_holds():
    campaign = sitedata.load(ROOT / "docs").campaign
    lines = (ROOT / campaign.where.file).read_text(encoding="utf-8").splitlines()
    assert campaign.locales, "the campaign names no language"
    for index, locale in enumerate(campaign.locales):
        line = campaign.line_of_value(locale)
        assert line == campaign.line("languages", index, "locale") and f"locale: {locale}" in lines[line - 1]
    assert lines[campaign.line("site_url") - 1].strip().startswith("site_url:")
    assert campaign.line_of_value("no value is this") == campaign.line()  # the document's own line


def test_a_wrong_category_is_reported_at_its_own_line_not_at_the_entry(project):
    data = sitedata.load(project / "docs")
    entry = (data.topics or data.questions or [None])[0]
    if entry is None:
        pytest.skip("the campaign declares no topic and no question")
    path = project / entry.where.file
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = entry.line("category") - 1
    assert at + 1 != entry.line(), "the entry's category is written on its id's line: nothing to tell apart"
    lines[at] = lines[at].replace(entry["category"], "no-such-category")
    path.write_text("".join(lines), encoding="utf-8")
    sitedata.reload()
    data = sitedata.load(project / "docs")
    found = (source.topic_problems(project, data) if isinstance(entry, records.Topic)
             else reviews.question_problems(project, data))
    named = [p for p in found if "no-such-category" in p.message]
    assert [(p.path, p.line) for p in named] == [(entry.where.file, at + 1)], found


def test_each_lesson_is_a_record_of_its_pages_in_the_course_order_with_the_lines_of_its_facts():
    data = sitedata.load(ROOT / "docs")
    assert data.lessons, "the campaign has no lessons"
    assert [lesson.order for lesson in data.lessons] == sorted(lesson.order for lesson in data.lessons)
    headings = 0
    for lesson in data.lessons:
        assert lesson.where.file == f"docs/{data.default}/lessons/{lesson.slug}.md" and data.lesson(lesson.id) is lesson
        lines = (ROOT / lesson.where.file).read_text(encoding="utf-8").splitlines()
        for key in ("order", "duration", "level"):
            if key in lesson:  # a draft has no duration yet
                assert lines[lesson.line(key) - 1].startswith(f"{key}:"), (lesson, key)
        assert set(lesson.pages) == set(LANGUAGES)
        for lang in LANGUAGES:
            assert lesson.title(lang) == lesson.page(lang).meta["title"] == lesson.meta(lang)["title"]
            for _level, text, anchor, _line in lesson.page(lang).headings():
                assert lesson.heading(lang, anchor) == text
                headings += 1
        assert lesson.heading(data.default, "no-such-heading") is None
        assert dict(lesson) == lesson.meta(data.default)  # read like the front matter its facts are written in
    assert headings, "no lesson has a heading with an id"
