"""A topic's or a question's `lessons:` reference (`slug#anchor`) that names no lesson, or no heading of the
lesson, is reported at the reference's own line (sitegen.checks.lesson_refs, run by both checks)."""

from __future__ import annotations

import pytest

from sitegen import records, sitedata
from sitegen.checks import reviews, source
from sitegen.testing import copy_project

CHECKS = {"topic": (records.TOPICS, source.topic_problems), "question": (records.QUESTIONS, reviews.question_problems)}


def break_first_reference(root, kind: str, replace) -> tuple[records.Entry, str, int]:
    """The first entry of `kind` that names a lesson, with its first reference rewritten by `replace`."""
    data_file = CHECKS[kind][0]
    data = sitedata.load(root / "docs")
    entry = next((e for e in (data.topics if kind == "topic" else data.questions) if e.lessons), None)
    if entry is None:  # an imported campaign's draft topics name no lesson yet, and it may have no questions
        pytest.skip(f"no {kind} in {data_file.shown()} names a lesson")
    ref, line = entry.lessons[0], entry.line("lessons", 0)
    path = root / "docs" / records.DATA_FOLDER / data_file.name
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert ref in lines[line - 1], (ref, lines[line - 1])
    lines[line - 1] = lines[line - 1].replace(ref, replace(ref))
    path.write_text("".join(lines), encoding="utf-8")
    return entry, ref, line


def found(root, kind: str) -> list[str]:
    sitedata.reload()  # the data files were loaded before they were broken
    return [str(p) for p in CHECKS[kind][1](root, sitedata.load(root / "docs"))]


@pytest.mark.parametrize("kind", CHECKS)
def test_a_reference_to_no_lesson_is_named_at_its_line(tmp_path, kind):
    root = copy_project(tmp_path / "project")
    entry, _ref, line = break_first_reference(root, kind, lambda ref: "no-such-lesson#" + ref.partition("#")[2])
    expected = f"{CHECKS[kind][0].shown()}:{line}: {kind} '{entry.id}': no lesson 'no-such-lesson'"
    assert expected in found(root, kind)


@pytest.mark.parametrize("kind", CHECKS)
def test_a_reference_to_no_heading_is_named_at_its_line_for_each_language(tmp_path, kind):
    root = copy_project(tmp_path / "project")
    entry, ref, line = break_first_reference(root, kind, lambda ref: ref.partition("#")[0] + "#no-such-heading")
    slug = ref.partition("#")[0]
    problems = found(root, kind)
    languages = sitedata.campaign_languages(root / "docs")
    assert languages
    for lang in languages:
        expected = (f"{CHECKS[kind][0].shown()}:{line}: {kind} '{entry.id}': "
                    f"docs/{lang}/lessons/{slug}.md has no heading {{#no-such-heading}}")
        assert expected in problems, problems
