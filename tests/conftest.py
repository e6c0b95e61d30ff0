"""Shared fixtures: one real strict build of the site (with its downloads), a local server, a real browser."""

from __future__ import annotations

import fcntl
import os
import shutil
from itertools import zip_longest
from pathlib import Path

import pytest

from sitegen import build as sitebuild
from sitegen import chromium, downloads, sitedata
from sitegen.static_server import SiteServer
from sitegen.testing import ROOT, copy_project, languages

CHROMIUM = Path(chromium.PATH)


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
        instance = pw.chromium.launch(executable_path=str(CHROMIUM), args=chromium.PLAYWRIGHT_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def site(tmp_path_factory, worker_id, request) -> Path:
    """The real site, built once per run with --strict, with its downloads (printed by Chromium).

    `make test` runs the tests in parallel processes (pytest-xdist): the first to need the site
    builds it into the folder the run's processes share; the others wait for it and read it.
    Tests only read it."""
    shared = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        shared = shared.parent  # pytest-of-<user>/pytest-<n>/, above each process's own popen-gwN/
    out, done = shared / "real-site", shared / "real-site.done"
    with open(shared / "real-site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed, also when a build fails
        if not done.exists():
            shutil.rmtree(out, ignore_errors=True)  # a build another process left half-made
            result = sitebuild.build_into(ROOT / "mkdocs.yml", out)
            assert result.returncode == 0, result.stderr[-4000:]
            made = downloads.add_to(ROOT / "mkdocs.yml", out, request.getfixturevalue("browser"))
            assert made, "the downloads could not be made"
            done.touch()
    return out


@pytest.fixture(scope="session")
def site_url(site) -> str:
    with SiteServer(site, languages=languages()[1:]) as url:
        yield url


@pytest.fixture(scope="session")
def data():
    return sitedata.load(ROOT / "docs")


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


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


# What a test needs decides its marks, so they cannot drift from the code:
#   browser  - it drives Chromium (through these fixtures; the shared site is printed by it);
#   generator - any test not marked `campaign`: it must pass on any campaign (see README).
BROWSER_FIXTURES = {"browser", "page", "site", "site_url"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if BROWSER_FIXTURES & set(item.fixturenames):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.build)
        if not item.get_closest_marker("campaign"):
            item.add_marker(pytest.mark.generator)
    items[:] = long_first(items)


def long_first(items: list) -> list:
    """The tests marked `long` spread evenly through the run's order, the rest in theirs. pytest-xdist
    (`--dist worksteal`) hands each process a stretch of that order, and the processes then share what is
    left: side by side, the long ones (the parts of one crawl) would all fall to one process, one after
    another, at the end of the run."""
    rest = [item for item in items if not item.get_closest_marker("long")]
    by_module: dict = {}
    for item in items:
        if item.get_closest_marker("long"):
            by_module.setdefault(item.module.__name__, []).append(item)
    # One module's long tests (a crawl's parts) apart from each other: one from each module in turn.
    long = [item for batch in zip_longest(*by_module.values()) for item in batch if item is not None]
    if not long:
        return rest
    step = len(items) / len(long)
    ordered = list(rest)
    for n, item in enumerate(long):
        ordered.insert(min(round(n * step), len(ordered)), item)
    return ordered
