"""`make import` and `make import-check`: scaffolds from a source article, never overwrites, traces every item."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
import yaml

from sitegen import i18n_status
from sitegen.commands import import_check
from sitegen.commands import importer
from sitegen.commands import check as sitecheck
from sitegen import sitedata
from sitegen.testing import ROOT, link_tools

TESTS = Path(__file__).resolve().parent  # the generator's tests: their fixtures and data, whichever campaign is under test

pytestmark = pytest.mark.campaign  # reads this campaign's pages and facts

SEED = ROOT / "docs/_data/sources/000_a14fc60eecfb64d9.txt"
SEED_REF = "_data/sources/000_a14fc60eecfb64d9.txt"
FRAUD = TESTS / "fixtures/telecom-fraud"


def empty_project(tmp_path: Path, campaign: Path = ROOT / "docs/_data/campaign.yml",
                  article: Path = SEED) -> tuple[Path, Path]:
    """mkdocs.yml and a docs/ holding only campaign.yml and the source article."""
    project = tmp_path / "project"
    (project / "docs/_data/sources").mkdir(parents=True)
    shutil.copy2(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    (project / "overrides").mkdir()  # mkdocs.yml's custom_dir: a campaign's own templates, here none
    link_tools(project)
    shutil.copy2(campaign, project / "docs/_data/campaign.yml")
    source = project / "docs/_data/sources" / article.name
    shutil.copy2(article, source)
    return project, source


def run_import(project: Path, source: Path, **options) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = importer.run(project, source, out=out, err=err, **options)
    return code, out.getvalue(), err.getvalue()


def tree(project: Path) -> dict[str, bytes]:
    return {p.relative_to(project).as_posix(): p.read_bytes() for p in sorted(project.rglob("*"))
            if p.is_file() and "__pycache__" not in p.parts}


def meta(path: Path) -> dict:
    return sitedata.read_page(path).meta


def topics(project: Path) -> list[dict]:
    return yaml.safe_load((project / "docs/_data/topics.yml").read_text(encoding="utf-8"))["topics"]


def test_seed_into_an_empty_project(tmp_path):
    project, source = empty_project(tmp_path)
    code, out, err = run_import(project, source)
    assert code == 0, err

    headings = [line[2:] for line in SEED.read_text(encoding="utf-8").splitlines() if line.startswith("# ")]
    lessons = sorted((project / "docs/zh/lessons").glob("*.md"), key=lambda p: meta(p)["order"])
    assert lessons, "the import wrote no lesson pages"
    assert [meta(p)["title"] for p in lessons] == headings
    first = meta(lessons[1])
    assert first["source"] == {"file": SEED_REF, "lines": "6-11", "heading": "法律框架下的保护机制"}
    assert first["draft"] is True and first["order"] == 2
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", p.stem) and len(p.stem) <= 40 for p in lessons)

    lines = SEED.read_text(encoding="utf-8").splitlines()
    declared = topics(project)
    assert len(declared) == 20
    mapping = yaml.safe_load((ROOT / "docs/_data/campaign.yml").read_text(encoding="utf-8"))["source_categories"]
    for topic in declared:
        prefix, title = lines[topic["source"]["line"] - 1][2:].split("丨")
        assert topic["alias"] == topic["zh"] == title
        assert topic["category"] == mapping[prefix]
        assert topic["source"]["file"] == SEED_REF and topic["draft"] is True and topic["lessons"] == []
        for lang in ("zh", "en"):
            assert (project / f"docs/{lang}/topics/{topic['id']}.md").exists()
    assert (project / "docs/_data/topics.yml").read_text(encoding="utf-8").startswith("# ")  # a header comment

    assert importer.GENERIC_PAGES, "the importer seeds no generic pages"
    for lang in ("zh", "en"):
        for page in importer.GENERIC_PAGES:
            assert (project / "docs" / lang / page).exists()
    stubs = sorted(p.relative_to(project / "docs/en").as_posix() for p in (project / "docs/en").rglob("*.md")
                   if meta(p).get("translation") == "needed")
    assert len(stubs) == 25  # 5 lessons and 20 topics; the generic pages are translated templates

    status = io.StringIO()
    assert i18n_status.main(project, out=status) == 0  # stubs are listed, not failed
    rows = {tuple(line.split()[:2]): line.split()[2] for line in status.getvalue().splitlines()[1:-1]}
    assert sorted(page for (page, lang), state in rows.items() if state == "untranslated") == stubs
    assert {state for (page, lang), state in rows.items() if page not in stubs} == {"ok"}
    assert "0 missing" in status.getvalue()


def test_reimport_changes_nothing(tmp_path):
    project, source = empty_project(tmp_path)
    assert run_import(project, source)[0] == 0
    before = tree(project)
    code, out, _ = run_import(project, source)
    assert code == 0
    assert tree(project) == before
    actions = {line.split()[0] for line in out.splitlines()[:-1]}
    assert actions == {"unchanged"}, out


def test_edited_and_renamed_pages_survive_a_reimport(tmp_path):
    project, source = empty_project(tmp_path)
    run_import(project, source)
    lesson = next(p for p in (project / "docs/zh/lessons").glob("*.md") if meta(p)["order"] == 2)
    scaffold = lesson.read_text(encoding="utf-8")
    edited = scaffold.replace("## 原文 {#source-text}", "## 编辑过的标题 {#edited}")
    lesson.write_text(edited, encoding="utf-8")
    # An editor renames a lesson (both languages) and a topic (its id and pages).
    old = next(p for p in (project / "docs/zh/lessons").glob("*.md") if meta(p)["order"] == 1).stem
    for lang in ("zh", "en"):
        (project / f"docs/{lang}/lessons/{old}.md").rename(project / f"docs/{lang}/lessons/situation.md")
    ident = topics(project)[0]["id"]
    data_file = project / "docs/_data/topics.yml"
    data_file.write_text(data_file.read_text(encoding="utf-8").replace(f"id: {ident}\n", "id: renamed-topic\n"),
                         encoding="utf-8")
    for lang in ("zh", "en"):
        (project / f"docs/{lang}/topics/{ident}.md").rename(project / f"docs/{lang}/topics/renamed-topic.md")
    before = tree(project)

    code, out, _ = run_import(project, source)
    assert code == 0
    assert tree(project) == before  # nothing new for the renamed pages, the edit kept
    rel = lesson.relative_to(project).as_posix()
    assert re.search(rf"^would change +{re.escape(rel)}$", out, re.M), out
    assert "new" not in {line.split()[0] for line in out.splitlines()}

    code, out, _ = run_import(project, source, force=True, now=datetime(2026, 11, 29, 10, 30, 0))
    assert code == 0
    backup = project / ".import-backups/20261129-103000" / rel
    assert backup.read_text(encoding="utf-8") == edited
    assert lesson.read_text(encoding="utf-8") == scaffold
    assert f"overwritten   {rel}  (backup: .import-backups/20261129-103000/{rel})" in out


def test_dry_run_writes_nothing(tmp_path):
    project, source = empty_project(tmp_path)
    before = tree(project)
    code, out, _ = run_import(project, source, dry_run=True)
    assert code == 0 and tree(project) == before
    assert out.startswith("dry run: nothing is written") and "docs/zh/lessons/" in out


def test_seed_into_the_real_project_changes_nothing(project):
    before = tree(project)
    code, out, err = run_import(project, project / "docs/_data/sources" / SEED.name)
    assert code == 0, err
    assert tree(project) == before
    assert not re.search(r"^(new|appended|overwritten) ", out, re.M), out


def test_slugs_file_names_new_pages(tmp_path):
    project, source = empty_project(tmp_path)
    (project / "docs/_data/slugs.yml").write_text("法律框架下的保护机制: legal-protections\n", encoding="utf-8")
    assert run_import(project, source)[0] == 0
    assert meta(project / "docs/zh/lessons/legal-protections.md")["order"] == 2
    assert importer.suggest_slug("华夏e贷逾期不还后果严重吗") == "hua-xia-e-dai-yu-qi-bu-hai-hou-guo-yan"


def test_article_in_another_language_keeps_facts_in_the_default_one(tmp_path):
    project, source = empty_project(tmp_path, FRAUD / "campaign.yml", FRAUD / "article.txt")
    assert run_import(project, source, lang="en")[0] == 0
    page = next((project / "docs/zh/lessons").glob("*.md"))
    assert meta(page)["translation"] == "needed" and meta(page)["source"]["file"] == "_data/sources/article.txt"
    english = meta(project / "docs/en/lessons" / page.name)
    assert "source" not in english and "translation" not in english
    rows = [line.split() for line in io.StringIO(_status(project)).readlines()[1:-1]]
    assert ["lessons/" + page.name, "zh", "untranslated"] in rows


def _status(project: Path) -> str:
    out = io.StringIO()
    i18n_status.main(project, out=out)
    return out.getvalue()


@pytest.mark.build
def test_second_campaign_builds_and_passes_every_check(tmp_path):
    project, source = empty_project(tmp_path, FRAUD / "campaign.yml", FRAUD / "article.txt")
    code, _, err = run_import(project, source)
    assert code == 0, err
    assert len(list((project / "docs/zh/lessons").glob("*.md"))) == 3 and len(topics(project)) == 6
    out = io.StringIO()
    assert sitecheck.run(project, crawl_links=True, out=out, downloads=False) == 0, out.getvalue()
    summary = out.getvalue().splitlines()[-1]
    assert "; 0 problems (none); drafts: 3 lessons, 6 topics; 9 pages need translation" in summary
    loan = yaml.safe_load((ROOT / "docs/_data/campaign.yml").read_text(encoding="utf-8"))
    names = [loan["id"], loan["site_url"], *(l["site_name"] for l in loan["languages"]), *loan["licence"]["holder"].values()]
    generated = "\n".join(p.read_text(encoding="utf-8") for p in (project / "docs").rglob("*") if p.is_file())
    assert not [name for name in names if name in generated]


MALFORMED = [
    ("只有一段文字。\n", 1, "no chapters"),
    ("# 第一章\n一段。\n# 第二章\n# 第三章\n一段。\n", 3, "chapter '第二章' is empty"),
    ("# 第一章\n一段。\n- 逾期动态|标题\n", 3, "related-topic line without the separator 丨 (U+4E28) (found a pipe |)"),
    ("# 第一章\n一段。\n# 第一章\n一段。\n", 3, "duplicate chapter title '第一章' (first at line 1)"),
    ("# 第一章\n一段。\n- 逾期动态丨同一个问题\n- 停息分期丨同一个问题\n", 4, "duplicate topic title '同一个问题' (first at line 3)"),
    ("前言。\n# 第一章\n一段。\n", 1, "text before the first chapter heading"),
    ("# 第一章\n一段。\n- 没有这个类别丨标题\n", 3, "category prefix '没有这个类别' has no category: add `没有这个类别: <category id>` "
                                            "under source_categories in docs/_data/campaign.yml"),
    ("# 第一章\n一段。\n".encode() + b"\xff\xfe\n", 3, "not valid UTF-8"),
]


@pytest.mark.parametrize("text,line,message", MALFORMED, ids=[m[2][:30] for m in MALFORMED])
def test_malformed_source_is_reported_and_nothing_written(tmp_path, text, line, message):
    project, _ = empty_project(tmp_path)
    source = project / "docs/_data/sources/bad.txt"
    source.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    before = tree(project)
    code, out, err = run_import(project, source)
    assert code == 1
    assert f"docs/_data/sources/bad.txt:{line}: {message}" in err, err
    assert tree(project) == before and not out


def test_import_check_passes_on_the_real_repository():
    assert import_check.problems(ROOT, "zh") == []
    result = subprocess.run([sys.executable, "-m", "sitegen", "import-check"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


@pytest.mark.build  # `make check`'s summary counts them: a whole check, build included
def test_import_check_reports_stale_claims_and_unclaimed_items(project):
    lesson = project / "docs/zh/lessons/legal-protections.md"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("lines: 6-11", "lines: 6-10"), encoding="utf-8")
    data_file = project / "docs/_data/topics.yml"
    data_file.write_text(data_file.read_text(encoding="utf-8").replace("line: 31}", "line: 30}"), encoding="utf-8")
    (project / "docs/_data/sources/extra.txt").write_text("# 新的一章\n一段。\n- 逾期动态丨新的问题\n", encoding="utf-8")
    out = io.StringIO()
    assert sitecheck.run(project, crawl_links=False, out=out, downloads=False) == 1
    text = out.getvalue()
    source_line = sitedata.key_line(lesson, "source")
    assert (f"docs/zh/lessons/legal-protections.md:{source_line}: lesson 'legal-protections': source.lines is 6-10 but "
            f"chapter '法律框架下的保护机制' is docs/_data/sources/000_a14fc60eecfb64d9.txt:6-11") in text, text
    entry = data_file.read_text(encoding="utf-8").splitlines().index("  - id: credit-card-new-rule-rumour") + 1
    assert (f"docs/_data/topics.yml:{entry}: topic 'credit-card-new-rule-rumour': source.line is 30 but "
            f"docs/_data/sources/000_a14fc60eecfb64d9.txt:31 holds '停息分期丨信用卡逾期8月份新规还款'") in text
    assert "docs/_data/sources/extra.txt:1: chapter '新的一章' has no lesson" in text
    assert "docs/_data/sources/extra.txt:3: topic line '新的问题' has no topic" in text
    assert "import: 4)" in text.splitlines()[-1]


def test_lesson_source_naming_a_file_needs_the_chapter_heading(project):
    lesson = project / "docs/zh/lessons/legal-protections.md"
    lesson.write_text(re.sub(r"^  heading: .*\n", "", lesson.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8")
    out = io.StringIO()
    assert sitecheck.run(project, crawl_links=False, out=out, downloads=False) == 1
    line = sitedata.key_line(lesson, "source")
    assert f"docs/zh/lessons/legal-protections.md:{line}: front matter: 'source' has 'file' but no 'heading'" in out.getvalue()


@pytest.mark.build
def test_make_passes_lang_only_when_given_on_the_command_line():
    def dry(*args):
        env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}  # the shell's locale variable is also called LANG
        result = subprocess.run(["make", "-n", "import", *args], cwd=ROOT, env=env,
                                capture_output=True, text=True)
        return next(line for line in result.stdout.splitlines() if "sitegen import" in line)
    assert "--lang" not in dry("SOURCE=a.txt")
    assert "--lang en" in dry("SOURCE=a.txt", "LANG=en")
