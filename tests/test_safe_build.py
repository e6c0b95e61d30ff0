"""`make build` replaces site/ only when the sources pass their checks and the strict build succeeds."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from sitegen import sitedata
from sitegen.checks import source
from sitegen.testing import LANGUAGES, copy_project

FIRST, LAST = LANGUAGES[0], LANGUAGES[-1]  # the default language and a translation (the campaign's own)

pytestmark = pytest.mark.build


def build(project):
    return subprocess.run([sys.executable, "-m", "sitegen", "--root", str(project), "build"],
                          capture_output=True, text=True)


def snapshot(site):
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*.html"))}


@pytest.fixture(scope="module")
def first_build(tmp_path_factory):
    """One good build, copied for each breakage (a build costs more than a copy)."""
    project = copy_project(tmp_path_factory.mktemp("safe-build") / "project")
    result = build(project)
    assert result.returncode == 0, result.stderr[-3000:]
    return project


@pytest.fixture
def built(first_build, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(first_build, project, symlinks=True)
    return project, snapshot(project / "site")


def broken_utf8(project):
    path = project / f"docs/{FIRST}/about.md"
    path.write_bytes(path.read_bytes() + "\n\n错误".encode("gbk"))
    return f"docs/{FIRST}/about.md", "not valid UTF-8"


def unknown_language(project):
    """A folder for a locale campaign.yml does not list (the first such of a few, whichever the campaign has)."""
    configured = sitedata.campaign_languages(project / "docs")
    lang = next(lang for lang in ("fr", "de", "es", "it", "ug")
                if lang not in configured and not (project / "docs" / lang).exists())
    (project / f"docs/{lang}").mkdir()
    (project / f"docs/{lang}/index.md").write_text("---\ntitle: Accueil\n---\n\nBonjour.\n", encoding="utf-8")
    return f"docs/{lang}/", "unknown language folder"


def duplicate_slug(project):
    for lang in LANGUAGES:
        (project / f"docs/{lang}/about").mkdir()
        (project / f"docs/{lang}/about/index.md").write_text("---\ntitle: X\n---\n\nX.\n", encoding="utf-8")
    return f"docs/{FIRST}/about", f"publishes at the same URL as docs/{FIRST}/about"


def missing_translation(project):
    (project / f"docs/{LAST}/teachers.md").unlink()
    return f"docs/{LAST}/teachers.md", f"missing translation of docs/{FIRST}/teachers.md"


def bad_link(project):
    path = project / f"docs/{FIRST}/about.md"
    path.write_text(path.read_text(encoding="utf-8").rstrip() + "\n\n[x](no-such-page.md)\n", encoding="utf-8")
    return f"docs/{FIRST}/about.md", "no-such-page.md"


def allowlisted_image(project):
    """A link to an official site is fine; an image fetched from it is not (readers may not reach it)."""
    host = sorted(source.allowed_hosts(sitedata.load(project / "docs")))[0]
    path = project / f"docs/{FIRST}/about.md"
    text = path.read_text(encoding="utf-8").rstrip() + "\n\n"
    line = text.count("\n") + 2  # the image's line, inside the HTML block
    path.write_text(text + f'<p>\n<img src="https://{host}/logo.png" alt="x">\n</p>\n', encoding="utf-8")
    return f"docs/{FIRST}/about.md:{line}", f"https://{host}/logo.png is fetched from another site"


def cdn_script(project):
    path = project / "mkdocs.yml"
    text = path.read_text(encoding="utf-8").rstrip() + "\n\nextra_javascript:\n"
    path.write_text(text + "  - https://cdn.example.net/x.js\n", encoding="utf-8")
    return f"mkdocs.yml:{text.count(chr(10)) + 1}", "https://cdn.example.net/x.js is fetched from another site"


@pytest.mark.parametrize("breakage", [broken_utf8, unknown_language, duplicate_slug, missing_translation, bad_link,
                                      allowlisted_image, cdn_script])
def test_failed_build_leaves_site_untouched(built, breakage):
    project, before = built
    path, message = breakage(project)
    result = build(project)
    assert result.returncode != 0
    assert path in result.stderr and message in result.stderr, result.stderr[-3000:]
    assert "left unchanged" in result.stderr
    assert snapshot(project / "site") == before
    assert not list(project.glob(".site-*")), "temporary build folder left behind"
