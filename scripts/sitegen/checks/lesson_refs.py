"""A topic's or a question's `lessons:` (each `slug#anchor`, sitegen.validate.ANCHOR_REF): the lesson exists,
and each of its pages has that heading. Both content types point into lessons the same way."""

from __future__ import annotations

from sitegen import records, sitedata
from sitegen.checks import Problem


def problems(data: sitedata.SiteData, entry: records.Topic | records.Question, kind: str) -> list[Problem]:
    """Each reference at its own line: an unknown lesson under `kind`, a missing heading under "anchor"."""
    out = []
    for index, ref in enumerate(entry.lessons):
        slug, _, anchor = ref.partition("#")
        lesson, line = data.lesson(slug), entry.line("lessons", index)
        if lesson is None:
            out.append(Problem(entry.where.file, line, kind, f"{kind} '{entry.id}': no lesson '{slug}'"))
            continue
        out += [Problem(entry.where.file, line, "anchor",
                        f"{kind} '{entry.id}': docs/{lang}/lessons/{slug}.md has no heading {{#{anchor}}}")
                for lang in data.languages if lang in lesson.pages and lesson.heading(lang, anchor) is None]
    return out
