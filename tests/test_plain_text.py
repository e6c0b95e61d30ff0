"""Data values and front-matter fields are plain text: markup is rejected at its line, and
whatever reaches a page is escaped.

The fields are found through the YAML parser's node marks, so each case names a field by
its path (as the error message does) and the test finds the line itself.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from sitegen import build as sitebuild
from sitegen import marked_yaml, paths, sitedata
from sitegen.checks import lint
from sitegen.testing import copy_project

pytestmark = pytest.mark.campaign  # the fields are this campaign's files; the rule is the generator's

PAYLOAD = "<img src=x onerror=alert(1)>"
# Names the theme's templates write into attributes unescaped: `< > & "` are refused as well.
THEME_FIELDS = [
    ("docs/_data/campaign.yml", ("languages", 0, "site_name")),
    ("docs/_data/campaign.yml", ("languages", 1, "site_description")),
    ("docs/_data/campaign.yml", ("languages", 1, "name")),
    ("docs/_data/campaign.yml", ("licence", "name")),
]
DATA_FIELDS = [
    ("docs/_data/campaign.yml", ("help_intro", "en")),
    ("docs/_data/campaign.yml", ("legal_note", "zh")),
    ("docs/_data/campaign.yml", ("licence", "holder", "en")),
    ("docs/_data/campaign.yml", ("categories", 0, "zh")),
    ("docs/_data/campaign.yml", ("help_channels", 1, "zh", "name")),
    ("docs/_data/campaign.yml", ("help_channels", 1, "en", "use")),
    ("docs/_data/campaign.yml", ("resources", 0, "en", "name")),
    ("docs/_data/topics.yml", ("topics", 0, "en")),
    ("docs/_data/topics.yml", ("topics", 1, "zh")),
    ("docs/_data/topics.yml", ("topics", 0, "alias")),
    ("docs/_data/questions.yml", ("questions", 0, "zh")),
    ("docs/_data/questions.yml", ("questions", 2, "en")),
    ("docs/_data/references.yml", ("references", 0, "en")),
    ("overrides/locales/strings.yml", ("zh", "calc_submit")),
    ("overrides/locales/strings.yml", ("en", "calc_unit")),
]
FRONT_MATTER_FIELDS = [
    ("docs/zh/lessons/legal-protections.md", ("title",)),
    ("docs/zh/lessons/legal-protections.md", ("description",)),
    ("docs/zh/lessons/legal-protections.md", ("audience",)),
    ("docs/zh/lessons/legal-protections.md", ("objectives", 0)),
    ("docs/zh/lessons/legal-protections.md", ("key_terms", 0, "definition")),
    ("docs/zh/lessons/legal-protections.md", ("key_points", 1)),
    ("docs/zh/lessons/legal-protections.md", ("questions", 0, "answer")),
    ("docs/zh/lessons/legal-protections.md", ("activity", "title")),
    ("docs/zh/lessons/legal-protections.md", ("activity", "steps", 0)),
    ("docs/zh/lessons/legal-protections.md", ("exit_ticket", 0, "question")),
    ("docs/en/lessons/legal-protections.md", ("title",)),
    ("docs/en/lessons/legal-protections.md", ("objectives", 0)),
    ("docs/zh/lessons/borrower-action-steps.md", ("diagram", "steps", 0, "text")),
    ("docs/zh/topics/getting-out-of-debt.md", ("description",)),
    ("docs/en/questions/family-liability.md", ("description",)),
    ("docs/zh/about.md", ("title",)),
]
VALUE_LINE = re.compile(r"^(\s*(?:- )?(?:[\w-]+:[ \t]*)?)(.+)$")


def field_name(path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def yaml_region(text: str, markdown: bool) -> tuple[str, int]:
    """(YAML text, its first line in the file): the front matter of a Markdown page, or the whole file."""
    if not markdown:
        return text, 1
    return text.split("---\n", 2)[1], 2


def set_value(file: Path, path: tuple, value: str) -> int:
    """Write `value` (as a YAML double-quoted string) in place of the scalar at `path`; return its line."""
    text = file.read_text(encoding="utf-8")
    region, first = yaml_region(text, file.suffix == ".md")
    _, marks = marked_yaml.load(region, first_line=first)
    assert path in marks.lines, f"{file}: no value at {path}"
    line = marks.lines[path]
    lines = text.split("\n")
    match = VALUE_LINE.match(lines[line - 1])
    assert match and not match[2].startswith(("[", "{", "|", ">")), f"{file}:{line}: not a one-line scalar"
    lines[line - 1] = match[1] + json.dumps(value, ensure_ascii=False)
    file.write_text("\n".join(lines), encoding="utf-8")
    return line


def source_problems(project: Path) -> str:
    """What loading the data and linting the pages report (the first steps of `make check`)."""
    sitedata.reload()
    try:
        data = sitedata.load(project / "docs")
    except sitedata.DataError as err:
        return "\n".join(f"{e.path}:{e.line}: {e.message}" for e in err.errors)
    return "\n".join(str(p) for p in lint.problems(project, data))


ALL_FIELDS = THEME_FIELDS + DATA_FIELDS + FRONT_MATTER_FIELDS


@pytest.mark.parametrize("file,path", ALL_FIELDS, ids=[f"{f}:{field_name(p)}" for f, p in ALL_FIELDS])
def test_markup_in_a_text_field_is_rejected_at_its_line(tmp_path, file, path):
    project = copy_project(tmp_path / "project")
    line = set_value(project / file, path, f"Click {PAYLOAD}")
    out = source_problems(project)
    expected = rf"^{re.escape(file)}:{line}: (front matter: )?{re.escape(field_name(path))}: markup is not allowed$"
    assert re.search(expected, out, re.M), out


# The generator's own interface strings (sitegen/theme/locales/strings.yml, in the package, not in a project):
# the same rule, checked on a copy that the loader is pointed at.
GENERATOR_STRINGS = [("zh", "help_title"), ("en", "related_topics")]


@pytest.mark.parametrize("path", GENERATOR_STRINGS, ids=[field_name(p) for p in GENERATOR_STRINGS])
def test_markup_in_the_generator_s_own_strings_is_rejected_at_its_line(tmp_path, monkeypatch, path):
    project = copy_project(tmp_path / "project")
    strings = tmp_path / "strings.yml"
    strings.write_bytes(paths.STRINGS.read_bytes())
    line = set_value(strings, path, f"Click {PAYLOAD}")
    monkeypatch.setattr(paths, "STRINGS", strings)
    out = source_problems(project)
    expected = rf"^{re.escape(str(strings))}:{line}: {re.escape(field_name(path))}: markup is not allowed$"
    assert re.search(expected, out, re.M), out


@pytest.mark.parametrize("file,path", THEME_FIELDS, ids=[field_name(p) for _, p in THEME_FIELDS])
def test_names_the_theme_writes_unescaped_refuse_quotes_and_ampersands(tmp_path, file, path):
    project = copy_project(tmp_path / "project")
    line = set_value(project / file, path, 'Tom & Jerry "debt" help')
    out = source_problems(project)
    assert f"{file}:{line}: {field_name(path)}: the theme writes this field unescaped" in out, out


@pytest.mark.build
def test_the_build_itself_refuses_markup_with_file_line_and_no_traceback(tmp_path):
    """`mkdocs build` (the plugin), not only `make check`: data files and front matter."""
    for file, path in (DATA_FIELDS[7], FRONT_MATTER_FIELDS[3]):
        project = copy_project(tmp_path / file.replace("/", "-"))
        line = set_value(project / file, path, PAYLOAD)
        result = sitebuild.build_into(project / "mkdocs.yml", project / "site")
        output = result.stdout + result.stderr
        assert result.returncode != 0
        assert f"{file}:{line}: " in output and "markup is not allowed" in output, output[-3000:]
        assert "Traceback" not in output, output[-3000:]
        assert not (project / "site" / "index.html").exists()


@pytest.mark.build
def test_every_value_that_reaches_a_page_is_escaped(tmp_path):
    """Characters that are not markup but mean something in HTML (`<>`, `&`) are shown as written."""
    project = copy_project(tmp_path / "project")
    cases = DATA_FIELDS + FRONT_MATTER_FIELDS
    for n, (file, path) in enumerate(cases):
        set_value(project / file, path, f"mark{n}x <> & mark{n}y")
    sitedata.reload()
    result = sitebuild.build_into(project / "mkdocs.yml", project / "site", strict=False)
    assert result.returncode == 0, result.stderr[-3000:]
    pages = {p: p.read_text(encoding="utf-8") for p in (project / "site").rglob("*.html")}
    shown, raw = set(), set()
    for page, html in pages.items():  # one pass per page finds every field's value (case n: markNx … markNy)
        for found in re.finditer(r"(.{0,40})mark(\d+)x (.*?) mark\2y", html):
            n = int(found[2])
            if found[3] not in ("&lt;&gt; &amp;", "\\u003c\\u003e \\u0026"):
                raw.add(f"{field_name(cases[n][1])} ({cases[n][0]}) in {page.relative_to(project)}: {found[0]}")
            shown.add(n)
    assert not raw, "shown unescaped:\n" + "\n".join(sorted(raw))
    assert shown == set(range(len(cases))), f"never seen on a page: {[cases[n] for n in range(len(cases)) if n not in shown]}"
