"""One campaign config: everything that differs between campaigns comes from
docs/_data/campaign.yml, nothing campaign-specific is written in mkdocs.yml,
scripts/ (the generator and its theme), and a second campaign's site shows none of this one's names."""

from __future__ import annotations

import pytest

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from sitegen import build as sitebuild
from sitegen import sitedata
from sitegen.testing import LANGUAGES, ROOT, link_tools

TESTS = Path(__file__).resolve().parent  # the generator's tests: their fixtures and data, whichever campaign is under test

FIXTURE = TESTS / "fixtures" / "telecom-fraud"
# Where campaign-specific words could hide: configuration, templates, the generator.
SHARED = [ROOT / "mkdocs.yml", *sorted((ROOT / "scripts").rglob("*.*"))]


def campaign_names(campaign: dict) -> list[str]:
    """Every name and sentence a reader could recognise this campaign by."""
    names = [campaign["id"], re.sub(r"^https?://|/$", "", campaign["site_url"])]
    for language in campaign["languages"]:
        names += [language["site_name"], language["site_description"]]
    for entry in campaign["categories"] + campaign["help_channels"] + campaign["resources"]:
        names += [entry[lang]["name"] if isinstance(entry[lang], dict) else entry[lang]
                  for lang in campaign_locales(campaign) if lang in entry]
    names += list(campaign["licence"]["holder"].values()) + list(campaign["help_intro"].values())
    return names


def campaign_locales(campaign: dict) -> list[str]:
    return [language["locale"] for language in campaign["languages"]]


def this_campaign() -> dict:
    return sitedata.load_yaml(ROOT / "docs/_data/campaign.yml")


def test_mkdocs_yml_and_shared_code_name_no_campaign():
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=sitedata._TagTolerantLoader)
    assert not {"site_url", "site_description", "copyright"} & set(config)
    names = [n for n in campaign_names(this_campaign()) if len(n) > 3]
    for path in SHARED:
        if path.suffix in {".py", ".html", ".yml", ".yaml", ".sh", ".conf", ".css", ".js", ".md"}:
            text = path.read_text(encoding="utf-8")
            leaked = [n for n in names if n in text]
            assert not leaked, f"{path.relative_to(ROOT)} names this campaign: {leaked}"


def test_built_site_takes_its_names_from_the_campaign(site, data):
    campaign = this_campaign()
    assert campaign["languages"], "docs/_data/campaign.yml lists no languages"
    for n, language in enumerate(campaign["languages"]):
        folder = site / ("" if n == 0 else language["locale"])
        html = (folder / "index.html").read_text(encoding="utf-8")
        assert f"- {language['site_name']}</title>" in html
        assert campaign["licence"]["name"] in html  # the copyright line
        # Pages have their own descriptions; the 404 page shows the site's.
        notfound = (folder / "404.html").read_text(encoding="utf-8")
        assert f'<meta name="description" content="{language["site_description"]}">' in notfound
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{campaign['site_url']}</loc>" in sitemap


@pytest.mark.build
def test_bad_language_entry_names_file_and_line(project):
    path = project / "docs/_data/campaign.yml"
    text = path.read_text(encoding="utf-8")
    last = len(LANGUAGES) - 1  # the last language's entry, whichever the campaign has
    text, found = re.subn(rf"(  - locale: {LANGUAGES[last]}\n    name: .*\n)    site_name: .*\n", r"\1", text)
    assert found == 1, "campaign.yml's language entries are not written as `- locale:`, `name:`, `site_name:`"
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index(f"  - locale: {LANGUAGES[last]}") + 1
    result = sitebuild.build_into(project / "mkdocs.yml", project / "out")
    assert result.returncode != 0
    assert f"docs/_data/campaign.yml:{line}: languages[{last}]: missing required key 'site_name'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "out" / "index.html").exists()


@pytest.mark.build
def test_missing_campaign_fact_names_the_file(project):
    path = project / "docs/_data/campaign.yml"
    path.write_text(re.sub(r"^site_url: .*\n", "", path.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8")
    result = sitebuild.build_into(project / "mkdocs.yml", project / "out")
    assert result.returncode != 0
    assert re.search(r"^ERROR +- +docs/_data/campaign.yml:\d+: missing required key 'site_url'$", result.stderr, re.M), \
        result.stderr[-2000:]


def import_fixture_campaign(dest: Path) -> Path:
    """A new project from the shared code, the fixture campaign config and its imported article."""
    dest.mkdir(parents=True)
    for name in ("mkdocs.yml", "scripts", "Makefile"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, dest / name)
    (dest / "overrides").mkdir()  # mkdocs.yml's custom_dir: a campaign's own templates, here none
    link_tools(dest)
    (dest / "docs/_data/sources").mkdir(parents=True)
    shutil.copy2(FIXTURE / "campaign.yml", dest / "docs/_data/campaign.yml")
    shutil.copy2(FIXTURE / "article.txt", dest / "docs/_data/sources/article.txt")
    result = subprocess.run([sys.executable, "-m", "sitegen", "import", "docs/_data/sources/article.txt"],
                            cwd=dest, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return dest


@pytest.mark.build
@pytest.mark.campaign  # needs a campaign other than the fixture
def test_second_campaign_shows_none_of_this_campaigns_names(tmp_path):
    project = import_fixture_campaign(tmp_path / "fraud")
    out = tmp_path / "site"
    result = sitebuild.build_into(project / "mkdocs.yml", out)
    assert result.returncode == 0, result.stderr[-3000:]
    theirs = sitedata.load_yaml(FIXTURE / "campaign.yml")
    # Both campaigns may list the same national service (110): a name both declare is not a leak.
    ours = [name for name in campaign_names(this_campaign()) if name not in campaign_names(theirs)]
    assert len(ours) > 30
    pages = [p for p in out.rglob("*") if p.is_file() and p.suffix in {".html", ".xml", ".json", ".txt"}]
    assert len([p for p in pages if p.suffix == ".html"]) > 10
    for path in pages:
        text = path.read_text(encoding="utf-8")
        leaked = [name for name in ours if name in text]
        assert not leaked, f"{path.relative_to(out)} shows this campaign's {leaked}"
    home = (out / "index.html").read_text(encoding="utf-8")
    assert theirs["languages"][0]["site_name"] in home
    assert '<meta name="robots"' not in home
    drafts = sorted(out.glob("lessons/*/index.html")) + sorted(out.glob("en/topics/*/index.html"))
    assert len(drafts) > 3
    for path in drafts:  # imported pages are drafts until an editor finishes them: not for search engines
        assert '<meta name="robots" content="noindex">' in path.read_text(encoding="utf-8"), path
    assert theirs["site_url"] in (out / "sitemap.xml").read_text(encoding="utf-8")


def readme_campaign_commands() -> list[str]:
    """The shell block of the README's "Start a new campaign: from an article" section, line by line."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("### From an article, in a copy of this repository\n", 1)[1].split("\n## ", 1)[0]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def fresh_clone(dest: Path) -> Path:
    """What `git clone` gives: the repository's files, without .venv and node_modules (linked, to save installing)."""
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
                            cwd=ROOT, capture_output=True, text=True, check=True).stdout.split("\0")
    for name in filter(None, listed):
        if (ROOT / name).is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, dest / name)
    for installed in (".venv", "node_modules"):
        (dest / installed).symlink_to(ROOT / installed)
    # The linked installs are up to date for the copied pins: make must not reinstall into them
    # (an editable install from the copy would point the shared venv at this temporary folder).
    for pins, stamp in ((("requirements.txt", "pyproject.toml"), ".venv/.installed"),
                        (("package.json", "package-lock.json"), "node_modules/.installed")):
        before = (ROOT / stamp).stat().st_mtime - 60
        for name in pins:
            os.utime(dest / name, (before, before))
    return dest


@pytest.mark.long
@pytest.mark.build
@pytest.mark.campaign  # clones this repository and follows its README (`make test-generator` starts from `sitegen new`)
def test_readme_start_a_new_campaign_word_for_word(tmp_path):
    commands = readme_campaign_commands()
    assert commands[0].startswith("git clone ") and commands[1] == "cd fraud-aware"
    clone = fresh_clone(tmp_path / "fraud-aware")
    script = "set -euo pipefail\n" + "\n".join(commands[2:]) + "\n"
    result = subprocess.run(["bash", "-c", script], cwd=clone, capture_output=True, text=True, timeout=900)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    assert re.search(r"checked \d+ pages, .*; 0 problems", output), output[-2000:]
    assert "untranslated" in output
    theirs = sitedata.load_yaml(FIXTURE / "campaign.yml")
    lessons = sorted((clone / "docs/zh/lessons").glob("*.md"))
    assert len(lessons) == 3 and (clone / "docs/en/lessons" / lessons[0].name).exists()
    manifest = (clone / "docs/_data/published-urls.txt").read_text(encoding="utf-8").splitlines()
    assert f"/lessons/{lessons[0].stem}/" in manifest and f"/en/lessons/{lessons[0].stem}/" in manifest
    home = (clone / "docs/zh/index.md").read_text(encoding="utf-8")
    assert "{#where-to-start}" in home and theirs["id"] == "fraud-aware"
    # The generator's own tests pass on the new campaign (the browser ones need its finished pages).
    tests = subprocess.run([sys.executable, "-m", "pytest", "tests", "-q", "-p", "no:cacheprovider",
                            "-m", "generator and not browser", "--deselect",
                            "tests/test_campaign.py::test_readme_start_a_new_campaign_word_for_word"],
                           cwd=clone, capture_output=True, text=True, timeout=1800)
    assert tests.returncode == 0, tests.stdout[-4000:] + tests.stderr[-2000:]
