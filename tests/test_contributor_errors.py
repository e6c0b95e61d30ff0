"""Mistakes a new contributor makes, tried with the commands they run: each is reported as
`file:line: field: message`, with a non-zero exit and never a Python traceback.

Generator tests: the faults are made in whatever campaign is under test, found through
the YAML parser's node marks rather than this campaign's text.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from sitegen import marked_yaml, sitedata
from sitegen.testing import copy_project

pytestmark = pytest.mark.unit  # the commands stop at the checks, before any build


def first_topic(project: Path) -> tuple[Path, marked_yaml.Marks, dict]:
    path = project / "docs/_data/topics.yml"
    data, marks = marked_yaml.load(path.read_text(encoding="utf-8"))
    return path, marks, data["topics"][0]


def drop_line(path: Path, line: int) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    del lines[line - 1]
    path.write_text("\n".join(lines), encoding="utf-8")


def insert_line(path: Path, after: int, text: str) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    lines.insert(after, text)
    path.write_text("\n".join(lines), encoding="utf-8")


def a_page(project: Path, lang_index: int) -> tuple[str, Path]:
    """The first page with a `title:` in front matter, in the campaign's nth language."""
    lang = sitedata.campaign_languages(project / "docs")[lang_index]
    for path in sorted((project / "docs" / lang).glob("*.md")):
        if re.search(r"^title: ", path.read_text(encoding="utf-8"), re.M):
            return path.relative_to(project).as_posix(), path
    raise AssertionError("no page with a title")


def second_language(project: Path) -> str:
    return sitedata.campaign_languages(project / "docs")[1]


def no_second_title(project):
    path, marks, topic = first_topic(project)
    lang = second_language(project)
    drop_line(path, marks.line(("topics", 0, lang)))
    return f"docs/_data/topics.yml:{marks.line(('topics', 0))}: topics[0]: missing required key '{lang}'"


def unclosed_quote(project):
    shown, path = a_page(project, 0)
    text = path.read_text(encoding="utf-8")
    line = text.split("\n").index(next(l for l in text.split("\n") if l.startswith("title: "))) + 1
    path.write_text(re.sub(r"^title: (.*)$", r'title: "\1', text, count=1, flags=re.M), encoding="utf-8")
    return f"{shown}:{line}: malformed YAML: a quoted scalar is never closed"


def not_utf8(project):
    shown, path = a_page(project, 1)
    lines = path.read_bytes().split(b"\n")
    lines.insert(5, "caf\u00e9 in Latin-1".encode("latin-1"))
    path.write_bytes(b"\n".join(lines))
    return f"{shown}:6: not valid UTF-8"  # the byte offset follows


def unknown_key(project):
    path, marks, _ = first_topic(project)
    line = marks.line(("topics", 0, "category"))
    insert_line(path, line, "    colour: red")
    return f"docs/_data/topics.yml:{line + 1}: topics[0]: unknown key 'colour'"


def wrong_type(project):
    path, marks, _ = first_topic(project)
    line = marks.line(("topics", 0, "category"))
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[line - 1] = "    category: [one, two]"
    path.write_text("\n".join(lines), encoding="utf-8")
    return f"docs/_data/topics.yml:{line}: topics[0].category: must be of type string"


FAULTS = {"no second-language title": no_second_title, "unclosed quote": unclosed_quote,
          "not UTF-8": not_utf8, "unknown key": unknown_key, "wrong type": wrong_type}
COMMANDS = {"build": ["build"], "check": ["check", "--no-crawl"], "i18n-status": ["i18n-status"]}
# i18n-status reads pages, not data files: it must still never crash on them.
READS_PAGES_ONLY = {"i18n-status"}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("fault", FAULTS)
def test_fault_is_reported_at_its_line_without_a_traceback(tmp_path, fault, command):
    project = copy_project(tmp_path / "project")
    expected = FAULTS[fault](project)
    result = subprocess.run([sys.executable, "-m", "sitegen", "--root", str(project), *COMMANDS[command]],
                            cwd=project, capture_output=True, text=True, timeout=600)
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output[-3000:]
    if command in READS_PAGES_ONLY and expected.startswith("docs/_data/"):
        return
    assert result.returncode != 0, output[-3000:]
    assert expected in output, output[-3000:]
    assert output.count(expected) == 1, f"reported more than once:\n{output[-3000:]}"
    assert not (project / "site").exists()


@pytest.mark.parametrize("command", ["build", "check", "i18n-status", "urls", "review-due"])
def test_a_folder_without_a_campaign_is_named_without_a_traceback(tmp_path, command):
    """Run outside any campaign (a typo in --root, or the wrong folder), each command names the file it
    looked for, exits non-zero and writes nothing."""
    result = subprocess.run([sys.executable, "-m", "sitegen", "--root", "no-such-folder", command],
                            cwd=tmp_path, capture_output=True, text=True, timeout=60)
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output[-3000:]
    assert result.returncode == 2, output[-3000:]
    assert output.startswith("no-such-folder/mkdocs.yml: not found:"), output
    assert list(tmp_path.iterdir()) == []
