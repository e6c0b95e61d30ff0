"""Each content-lint rule catches its fixture with the right file and line."""

from __future__ import annotations

import re

import pytest

from sitegen import sitedata
from sitegen.commands import check as sitecheck

pytestmark = pytest.mark.campaign  # reads this campaign's pages and facts


def lint_output(project, markdownlint: bool = False) -> str:
    """What the source checks (the first step of `make check` and the gate of `make build`) print.
    markdownlint, a separate process, runs only for the rules that are its own."""
    sitedata.reload()
    problems = sitecheck.source_checks(project, project / "mkdocs.yml", markdownlint=markdownlint)[2]
    assert problems, "no problem found"
    return "\n".join(str(p) for p in sorted(problems))


def append(path, text) -> int:
    content = path.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    path.write_text(content + text + "\n", encoding="utf-8")
    return content.count("\n") + 1


@pytest.mark.parametrize("snippet,message", [
    ('<script>alert(1)</script>', "raw <script> is not allowed"),
    ('<iframe src="https://flk.npc.gov.cn/"></iframe>', "raw <iframe> is not allowed"),
    ('<object data="x.swf"></object>', "raw <object> is not allowed"),
    ('<span onclick="steal()">hi</span>', "on*= event attributes are not allowed"),
    ('[click](javascript:alert(1))', "javascript: URLs are not allowed"),
    ('![](chart.png)', "image without alt text"),
    ('## 没有编号的标题', "heading without an explicit ASCII {#id}"),
    ('## 标题 {#中文}', "must be lowercase ASCII"),
    ('如有问题请拨打 12315 咨询。', "12315 looks like a phone number but is not a verified help channel"),
    ('```mermaid\ngraph TD\n```', "mermaid diagrams load a script from a CDN"),
    ('## 标题 {#no-blank-line}\n紧跟的段落', "MD022/blanks-around-headings"),
])
def test_body_rules(project, snippet, message):
    line = append(project / "docs/zh/about.md", snippet)
    out = lint_output(project, markdownlint=message.startswith("MD"))
    assert re.search(rf"^docs/zh/about.md:{line}: .*{re.escape(message)}", out, re.M), out


def test_malformed_yaml(project):
    path = project / "docs/en/about.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("---\n", "---\ntitle: [unclosed\n", 1), encoding="utf-8")
    assert re.search(r"^docs/en/about.md:\d+: malformed YAML", lint_output(project), re.M)


def test_missing_required_key(project):
    path = project / "docs/zh/lessons/legal-protections.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^duration: .*\n", "", text, count=1, flags=re.M), encoding="utf-8")
    assert "docs/zh/lessons/legal-protections.md:2: front matter: missing required key 'duration'" in lint_output(project)


def test_wrong_type(project):
    path = project / "docs/zh/lessons/legal-protections.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^duration: .*$", "duration: forty-five", text, count=1, flags=re.M), encoding="utf-8")
    line = next(n for n, l in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if l.startswith("duration:"))
    out = lint_output(project)
    assert f"docs/zh/lessons/legal-protections.md:{line}: front matter: 'duration' 'forty-five' is not of type 'integer'" in out


def test_fact_keys_only_in_default_language(project):
    path = project / "docs/en/lessons/legal-protections.md"
    path.write_text(path.read_text(encoding="utf-8").replace("---\n", "---\nduration: 45\n", 1), encoding="utf-8")
    assert "docs/en/lessons/legal-protections.md:2: front matter: unknown key 'duration'" in lint_output(project)


def test_heading_ids_must_match_across_languages(project):
    path = project / "docs/en/lessons/legal-protections.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("{#court-enforcement}", "{#court-enforcement-en}"), encoding="utf-8")
    line = next(n for n, l in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "court-enforcement-en" in l)
    out = lint_output(project)
    assert re.search(rf"^docs/en/lessons/legal-protections.md:{line}: heading ids differ", out, re.M), out


def test_empty_page(project):
    (project / "docs/zh/about.md").write_text("---\ntitle: 关于\n---\n\n", encoding="utf-8")
    assert re.search(r"^docs/zh/about.md:\d+: empty page", lint_output(project), re.M)
