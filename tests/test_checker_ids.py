"""`make check` reports every duplicate id of a built page once, at its Markdown line and its built line,
whichever element carries it, in one language or in all (where the translation lint has nothing to say)."""

from __future__ import annotations

import io
import re

import pytest

from sitegen import build as sitebuild
from sitegen import paths, sitedata
from sitegen.commands import check as sitecheck
from sitegen.testing import copy_project

pytestmark = pytest.mark.build

HEADINGS = "## First of two {{#{0}}}\n\nSome text.\n\n## Second of two {{#{0}}}\n\nMore text."
PARAGRAPHS = "A first paragraph.\n{{: #{0} }}\n\nA second paragraph.\n{{: #{0} }}"


def append(path, text) -> int:
    """Append Markdown to a page; return the line of the last line appended (the repeated id's)."""
    content = path.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + text + "\n"
    path.write_text(content, encoding="utf-8")
    return content.count("\n")


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    """Three pages, each given a repeated id: (exit code, output, site, {id: [(source, line, built page)]})."""
    project = copy_project(tmp_path_factory.mktemp("ids") / "project")
    data = sitedata.load(project / "docs")
    languages = data.languages
    # Lessons first, then any other page every language has (a new campaign has one lesson).
    pages = [f"lessons/{s}.md" for s in sorted(lesson.slug for lesson in data.lessons)]
    pages += sorted(p.relative_to(project / "docs" / languages[0]).as_posix()
                    for p in (project / "docs" / languages[0]).glob("*.md") if p.name != "index.md")
    pages = [p for p in pages if all((project / "docs" / lang / p).exists() for lang in languages)]
    assert len(pages) >= 3, "the campaign needs three pages in every language for this test"
    cases = {"repeated-heading": (pages[0], HEADINGS, languages[:1]),
             "repeated-in-every-language": (pages[1], HEADINGS, languages),
             "repeated-paragraph": (pages[2], PARAGRAPHS, languages[:1])}
    expected = {}
    for ident, (page, markdown, langs) in cases.items():
        for lang in langs:
            source = f"docs/{lang}/{page}"
            # The second heading is four lines above the end; the second attribute list is the last line.
            line = append(project / source, markdown.format(ident)) - (2 if markdown is HEADINGS else 0)
            built = data.prefix(lang) + paths.page_url(page) + "index.html"
            expected.setdefault(ident, []).append((source, line, built))
    site = project / "site"
    result = sitebuild.build_into(project / "mkdocs.yml", site, strict=False)  # as `make check` builds
    assert result.returncode == 0, result.stderr[-2000:]
    out = io.StringIO()
    code = sitecheck.run(project, crawl_links=False, out=out, downloads=False, built=site)
    return code, out.getvalue(), site, expected


@pytest.mark.parametrize("ident", ["repeated-heading", "repeated-in-every-language", "repeated-paragraph"])
def test_each_duplicate_id_is_reported_once_per_page_at_its_lines(checked, ident):
    code, out, site, expected = checked
    assert code == 1, out  # what `sitegen check` (make check) exits with
    lines = re.findall(rf"^.*: duplicate id '{ident}' .*$", out, re.M)
    assert len(lines) == len(expected[ident]), out  # once per page, no page more than once
    assert expected[ident], f"no page was given the duplicate id {ident}"
    for source, line, page in expected[ident]:
        assert (source_line := (site.parent / source).read_text(encoding="utf-8").splitlines()[line - 1])
        assert f"#{ident}" in source_line
        found = [m for m in lines if m.startswith(f"{source}:{line}: duplicate id '{ident}' in {page}:")]
        assert len(found) == 1, (source, line, lines)
        second, first = map(int, re.search(r":(\d+) \(first at line (\d+)\)$", found[0]).groups())
        built = (site / page).read_text(encoding="utf-8").splitlines()
        assert first < second and all(f'id="{ident}"' in built[n - 1] for n in (first, second)), found[0]
