"""`make i18n-status`: ok, outdated after a source edit, ok again after a refresh; a third language."""

from __future__ import annotations

import pytest

import io

from sitegen import i18n_status

pytestmark = pytest.mark.campaign  # reads this campaign's pages and facts


def run(project, refresh=None):
    out = io.StringIO()
    code = i18n_status.main(project, refresh, out=out)
    rows = {tuple(line.split()[:2]): line.split()[2] for line in out.getvalue().splitlines()[1:-1]}
    return code, rows, out.getvalue()


def test_every_translation_is_current_in_the_repository():
    from sitegen.testing import ROOT
    code, rows, out = run(ROOT)
    assert code == 0, out
    assert rows and set(rows.values()) == {"ok"}, out


def test_source_edit_makes_translation_outdated_until_refreshed(project):
    run(project, refresh=[])  # start from every translation current
    lesson = project / "docs/zh/lessons/legal-protections.md"
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\n新增的一段说明。\n", encoding="utf-8")
    code, rows, _ = run(project)
    assert code == 0  # outdated is listed, not failed
    assert rows[("lessons/legal-protections.md", "en")] == "outdated"
    assert rows[("lessons/situation-and-challenges.md", "en")] == "ok"
    code, rows, out = run(project, refresh=["docs/en/lessons/legal-protections.md"])
    assert "recorded source hash in docs/en/lessons/legal-protections.md" in out
    assert rows[("lessons/legal-protections.md", "en")] == "ok"


def test_third_language_reports_exactly_its_missing_pages(project):
    config = project / "docs/_data/campaign.yml"
    text = config.read_text(encoding="utf-8")
    block = "  - locale: fr\n    name: Français\n    site_name: Cours\n    site_description: Un cours.\n"
    config.write_text(text.replace("  - locale: en\n", block + "  - locale: en\n", 1), encoding="utf-8")
    (project / "docs/fr").mkdir()
    (project / "docs/fr/index.md").write_text("---\ntitle: Accueil\n---\n\nBonjour.\n", encoding="utf-8")
    code, rows, out = run(project)
    assert code == 1
    zh_pages = sorted(p.relative_to(project / "docs/zh").as_posix() for p in (project / "docs/zh").rglob("*.md"))
    missing = sorted(page for (page, lang), state in rows.items() if lang == "fr" and state == "missing")
    assert missing == [p for p in zh_pages if p != "index.md"]
    assert rows[("index.md", "fr")] == "outdated"  # present, never refreshed
