"""The strict build, page pairs, heading ids, missing translations."""

from __future__ import annotations

import pytest

import re

from sitegen import build as sitebuild
from sitegen.testing import pages, parse

pytestmark = pytest.mark.campaign  # reads this campaign's pages and facts

ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def test_every_page_exists_in_both_languages(site):
    zh = {rel for rel, _ in pages(site, "zh")}
    en = {rel for rel, _ in pages(site, "en")}
    assert zh == en
    assert {"index.html", "about/index.html", "lessons/borrower-action-steps/index.html"} <= zh
    assert len([p for p in zh if p.startswith("lessons/")]) == 5


def test_heading_ids_match_across_languages_and_are_ascii(site):
    checked = 0
    for rel, zh_path in pages(site, "zh"):
        zh_ids = parse(zh_path).heading_ids
        en_ids = parse(site / "en" / rel).heading_ids
        assert zh_ids == en_ids, rel
        for ident in zh_ids:
            assert ID.match(ident), f"{rel}: heading id {ident!r} is not a plain ASCII slug"
            checked += 1
    assert checked, f"no heading ids on any built zh page in {site}"


def test_no_position_ids(site):
    for lang in ("zh", "en"):
        built = list(pages(site, lang))
        assert built, f"no built {lang} pages in {site}"
        for rel, path in built:
            bad = [i for i in parse(path).heading_ids if re.fullmatch(r"_\d+", i)]
            assert not bad, f"{lang}/{rel}: position ids {bad}"


def test_html_lang(site):
    assert parse(site / "index.html").lang == "zh-Hans"
    assert parse(site / "lessons/legal-protections/index.html").lang == "zh-Hans"
    assert parse(site / "en/index.html").lang == "en"
    assert parse(site / "en/lessons/legal-protections/index.html").lang == "en"


@pytest.mark.build
def test_missing_translation_fails_and_names_the_file(project):
    (project / "docs/en/lessons/legal-protections.md").unlink()
    result = sitebuild.build_into(project / "mkdocs.yml", project / "out")
    assert result.returncode != 0
    assert "docs/en/lessons/legal-protections.md:1: missing translation of docs/zh/lessons/legal-protections.md" \
        in result.stderr + result.stdout


@pytest.mark.build
def test_orphan_translation_fails_and_names_the_file(project):
    (project / "docs/en/extra.md").write_text("---\ntitle: Extra\n---\n\nText.\n", encoding="utf-8")
    result = sitebuild.build_into(project / "mkdocs.yml", project / "out")
    assert result.returncode != 0
    assert "docs/en/extra.md:1: no source page docs/zh/extra.md" in result.stderr + result.stdout
