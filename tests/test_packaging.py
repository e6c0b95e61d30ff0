"""The generator as a package another team installs: its pins, its options, `sitegen new`, tools and
country rules as a campaign's choices. The wheel itself, installed into a fresh virtual environment,
is `make test-generator`'s work."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from sitegen import build as sitebuild
from sitegen import country_rules, paths, settings
from sitegen.commands import check as sitecheck
from sitegen.commands import new
from sitegen.testing import link_tools

REPO = Path(__file__).resolve().parents[1]  # the generator's repository (its pins and scaffold)


def pins(lines) -> dict[str, str]:
    out = {}
    for line in lines:
        match = re.match(r"^([A-Za-z0-9_.-]+)==([^\s;#]+)", line.strip())
        if match:
            out[match[1].lower().replace("_", "-")] = match[2]
    return out


@pytest.mark.unit
def test_the_package_pins_what_requirements_txt_pins():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = pins(project["dependencies"] + project["optional-dependencies"]["test"])
    frozen = pins((REPO / "requirements.txt").read_text(encoding="utf-8").splitlines())
    assert declared, "pyproject.toml declares no dependencies"
    assert len(declared) == len(project["dependencies"]) + len(project["optional-dependencies"]["test"]), \
        "every dependency is pinned exactly (==)"
    differ = {name: (version, frozen.get(name)) for name, version in declared.items() if frozen.get(name) != version}
    assert not differ, f"pyproject.toml and requirements.txt pin these differently: {differ}"


@pytest.mark.unit
def test_the_scaffold_config_is_this_repository_s_but_for_the_plugin_options():
    ours = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=settings._Loader)
    theirs = yaml.load((paths.SCAFFOLD / "mkdocs.yml").read_text(encoding="utf-8"), Loader=settings._Loader)
    options = lambda config: next(p["sitegen"] for p in config["plugins"] if isinstance(p, dict) and "sitegen" in p)  # noqa: E731
    assert set(options(theirs)) <= set(settings.SitegenConfig().keys())
    for config in (ours, theirs):
        config["plugins"] = [p for p in config["plugins"] if not (isinstance(p, dict) and "sitegen" in p)]
    assert ours == theirs, "mkdocs.yml and sitegen/scaffold/mkdocs.yml differ beyond the sitegen options"


@pytest.mark.unit
def test_a_wrong_option_is_named_at_its_line(tmp_path):
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8").replace(
        "      tools: [guided_check, letter_forms, calculator]", "      tools: [guided_check, calculater]")
    assert "calculater" in config
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    with pytest.raises(settings.OptionError) as caught:
        settings.of_project(tmp_path)
    line = next(n for n, text in enumerate(config.splitlines(), 1) if text.strip() == "- sitegen:")
    assert str(caught.value).startswith(f"mkdocs.yml:{line}: plugins: sitegen: tools:"), caught.value
    assert "calculater" in str(caught.value)


@pytest.mark.unit
@pytest.mark.parametrize("languages,expected", [
    (["zh", "xx"], "no starter pages or interface strings for xx"),
    (["en", "en"], "names a language twice"),
    ([], "names no language"),
])
def test_new_refuses_what_it_cannot_start_and_writes_nothing(tmp_path, languages, expected, capsys):
    target = tmp_path / "campaign"
    assert new.main(target, languages) == 2
    assert expected in capsys.readouterr().err
    assert not target.exists() and list(tmp_path.iterdir()) == []


@pytest.mark.unit
def test_new_refuses_a_folder_that_holds_something(tmp_path, capsys):
    (tmp_path / "campaign").mkdir()
    (tmp_path / "campaign" / "notes.txt").write_text("mine", encoding="utf-8")
    assert new.main(tmp_path / "campaign", ["en"]) == 2
    assert "exists and is not an empty folder" in capsys.readouterr().err
    assert [p.name for p in (tmp_path / "campaign").iterdir()] == ["notes.txt"]


def new_campaign(tmp_path: Path, languages: list[str]) -> Path:
    root = tmp_path / "fresh-campaign"
    result = subprocess.run([sys.executable, "-m", "sitegen", "new", str(root), "--languages", ",".join(languages)],
                            capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    link_tools(root)
    return root


@pytest.mark.build
def test_a_new_campaign_in_three_languages_builds_with_every_page_translated(tmp_path):
    languages = new.supported()
    assert len(languages) >= 3, "the generator ships starter pages in at least three languages"
    root = new_campaign(tmp_path, languages)
    for name in ("mkdocs.yml", "Makefile", "README.md", ".ci/run", "package.json", "docs/_data/campaign.yml"):
        assert (root / name).is_file(), name
    pages = {lang: sorted(p.relative_to(root / "docs" / lang).as_posix() for p in (root / "docs" / lang).rglob("*.md"))
             for lang in languages}
    assert pages[languages[0]], "no pages written"
    for lang in languages:
        assert pages[lang] == pages[languages[0]], lang
        assert {"lessons/getting-started.md", "topics/how-this-site-works.md", "questions/where-to-start.md"} <= set(pages[lang])
    result = sitebuild.build_into(root / "mkdocs.yml", root / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    for lang in languages:
        home = (root / "site" / ("" if lang == languages[0] else lang) / "index.html").read_text(encoding="utf-8")
        assert re.search(r'<html lang="[^"]+"', home)
    status = subprocess.run([sys.executable, "-m", "sitegen", "i18n-status"], cwd=root, capture_output=True, text=True)
    assert status.returncode == 0, status.stdout + status.stderr
    assert re.search(r"\b0 outdated, 0 untranslated, 0 missing, 0 orphan\b", status.stdout), status.stdout[-500:]
    assert "example.org" in yaml.safe_load((root / "docs/_data/campaign.yml").read_text(encoding="utf-8"))["site_url"]


@pytest.mark.build
def test_a_page_using_a_tool_that_is_off_fails_at_its_line(tmp_path):
    root = new_campaign(tmp_path, ["en"])
    page = root / "docs/en/lessons/getting-started.md"
    text = page.read_text(encoding="utf-8") + "\n## Work out the cost {#calculator}\n\nThe calculator.\n"
    page.write_text(text, encoding="utf-8")
    line = text.splitlines().index("## Work out the cost {#calculator}") + 1
    result = sitebuild.build_into(root / "mkdocs.yml", root / "site")
    assert result.returncode != 0
    assert (f"docs/en/lessons/getting-started.md:{line}: {{#calculator}} belongs to the calculator tool, which is off: "
            "add `calculator` to `tools:`") in result.stderr, result.stderr[-2000:]
    assert "Traceback" not in result.stderr


@pytest.mark.unit
def test_new_refuses_a_country_without_rules(tmp_path, capsys):
    assert new.main(tmp_path / "c", ["en"], country="zz") == 2
    assert "no telephone rules for country 'zz'" in capsys.readouterr().err
    assert not (tmp_path / "c").exists()


@pytest.mark.unit
def test_a_campaign_in_a_country_without_rules_is_named_at_its_line(tmp_path):
    root = new_campaign(tmp_path, ["en"])
    campaign = root / "docs/_data/campaign.yml"
    text = campaign.read_text(encoding="utf-8").replace("\ncountry: cn\n", "\ncountry: zz\n")
    campaign.write_text(text, encoding="utf-8")
    line = text.splitlines().index("country: zz") + 1
    _, data, problems, _ = sitecheck.source_checks(root, root / "mkdocs.yml", markdownlint=False)
    assert data is None
    assert [str(p) for p in problems] == [
        f"docs/_data/campaign.yml:{line}: country: no rules for 'zz' (the generator has: "
        f"{', '.join(country_rules.shipped())}); add sitegen/countries/zz.yml"]
