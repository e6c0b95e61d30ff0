"""Shared fixtures: one real strict build of the site, a local server, a real browser."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "scripts"), str(ROOT / "overrides" / "hooks")]

import chromium  # noqa: E402
import sitebuild  # noqa: E402
import sitedata  # noqa: E402
from siteserver import SiteServer  # noqa: E402

CHROMIUM = Path(chromium.PATH)
LANGUAGES = ["zh", "en"]


@pytest.fixture(scope="session")
def site(tmp_path_factory, browser) -> Path:
    """The real site, built once with --strict, with its downloads."""
    out = tmp_path_factory.mktemp("site")
    result = sitebuild.build_into(ROOT / "mkdocs.yml", out)
    assert result.returncode == 0, result.stderr[-4000:]
    # The downloads (PDFs printed by Chromium, the offline pack) are part of the built site.
    assert sitebuild.with_downloads(ROOT / "mkdocs.yml", out, browser), "the downloads could not be made"
    return out


@pytest.fixture(scope="session")
def site_url(site) -> str:
    with SiteServer(site, languages=LANGUAGES[1:]) as url:
        yield url


@pytest.fixture(scope="session")
def data():
    return sitedata.load(ROOT / "docs")


def link_node_tools(dest: Path) -> None:
    """The build runs Node tools from the project's node_modules: a copy links the installed ones."""
    if not (dest / "node_modules").exists():
        (dest / "node_modules").symlink_to(ROOT / "node_modules")


def copy_project(dest: Path) -> Path:
    """A copy of the sources for tests that break them on purpose (scripts and tools stay in ROOT)."""
    dest.mkdir(parents=True)
    for name in ("mkdocs.yml", "docs", "overrides"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, dest / name)
    link_node_tools(dest)
    return dest


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


def _require_chromium():
    if CHROMIUM.exists():
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium when run as root")
    pytest.skip(f"{CHROMIUM} is missing (run `make system-deps` as root)")


@pytest.fixture(scope="session")
def browser():
    _require_chromium()
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=str(CHROMIUM), args=chromium.ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    tab = context.new_page()
    yield tab
    try:
        tab.goto("about:blank", timeout=10000)  # settle navigations a test started, so closing cannot hang on them
    except Exception:  # noqa: BLE001 - an interrupted navigation is fine here; the context closes anyway
        pass
    context.close()
