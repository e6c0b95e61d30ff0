"""Two independent validators over every built page, as served over HTTP (from file:// the pages'
CSP 'self' matches nothing): the Nu Html Checker (vnu.jar, the markup) and pa11y with
HTML_CodeSniffer (WCAG 2 AA, in Debian's Chromium). Both languages, 404 pages included; zero errors.

Each run also checks a small page with known errors, served beside the site: a validator that
stopped fetching or reporting, or a report format that changed, fails here instead of passing."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from sitegen import chromium
from sitegen.static_server import SiteServer
from sitegen.testing import ROOT

TESTS = Path(__file__).resolve().parent  # the generator's tests: their fixtures and data, whichever campaign is under test

VNU = ROOT / "node_modules/vnu-jar/build/dist/vnu.jar"
PA11Y = TESTS.parent / "scripts/pa11y-pages.mjs"

# One error each validator must find on the known-bad page: an `autocomplete` on a checkbox and
# a label for a missing control (vnu), a form without a submit button (HTML_CodeSniffer H32.2).
KNOWN_BAD = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Known errors</title></head>
<body><main><h1>Known errors</h1>
<input type="checkbox" id="toggle" autocomplete="off"><label for="nothing">Nothing</label>
<form><input type="text" name="q" aria-label="Query"></form>
</main></body></html>
"""
VNU_EXPECTED = ["Attribute “autocomplete” is only allowed", "The value of the “for” attribute of the “label”"]
PA11Y_EXPECTED = "WCAG2AA.Principle3.Guideline3_2.3_2_2.H32.2"


def require(command: str) -> str:
    """The command's path; missing, a skip (a failure under CI, like Chromium in conftest.py)."""
    found = shutil.which(command)
    if found:
        return found
    message = f"`{command}` is missing: `make system-deps` installs it when run as root"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def page_urls(site: Path, site_url: str) -> list[str]:
    """Every built .html page, as readers request it (a folder's index.html as the folder)."""
    urls = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        urls.append(site_url + (rel.removesuffix("index.html") if path.name == "index.html" else rel))
    return urls


@pytest.fixture(scope="module")
def known_bad_url(tmp_path_factory):
    folder = tmp_path_factory.mktemp("known-bad")
    (folder / "index.html").write_text(KNOWN_BAD, encoding="utf-8")
    with SiteServer(folder) as url:
        yield url


@pytest.fixture(scope="module")
def urls(site, site_url):
    found = page_urls(site, site_url)
    assert any(u.endswith("/404.html") for u in found) and len(found) >= 4, found
    return found


@pytest.mark.long
def test_nu_html_checker_finds_no_error_on_any_page(urls, known_bad_url):
    java = require("java")
    assert VNU.exists(), "vnu.jar is missing: `make test` runs `npm install` first"
    started = time.monotonic()
    # One JVM for every page. The checker refuses loopback hosts unless told (it guards a server).
    run = subprocess.run([java, "-Dnu.validator.servlet.allow-forbidden-hosts=true", "-jar", str(VNU),
                          "--errors-only", "--format", "json", "--stdout", known_bad_url, *urls],
                         capture_output=True, text=True, timeout=900)
    elapsed = time.monotonic() - started
    assert run.stdout.strip(), run.stderr[-4000:]
    messages = json.loads(run.stdout)["messages"]
    print(f"vnu: {len(urls)} pages in {elapsed:.1f} s")
    known = [m["message"] for m in messages if m.get("url") == known_bad_url]
    for expected in VNU_EXPECTED:
        assert any(m.startswith(expected) for m in known), (expected, known, run.stderr[-2000:])
    problems = [f"{m.get('url')}:{m.get('lastLine', '?')}: {m.get('type')}: {m['message']}"
                for m in messages if m.get("url") != known_bad_url]
    assert not problems, "\n".join(problems)


PA11Y_PARTS = 2  # the pages in parts, which the test processes share (pytest-xdist): none waits on a long one


@pytest.mark.long
@pytest.mark.parametrize("part", range(PA11Y_PARTS))
def test_pa11y_finds_no_wcag2aa_error_on_any_page(urls, known_bad_url, part):
    node = require("node")
    started = time.monotonic()
    mine = urls[part::PA11Y_PARTS]
    assert mine, f"part {part} has no page"
    # The pages are drawn in Debian's Chromium (the `site` fixture requires it), never a downloaded one.
    request = {"chromium": chromium.PATH, "args": chromium.ARGS, "urls": [known_bad_url, *mine]}
    run = subprocess.run([node, str(PA11Y)], input=json.dumps(request), capture_output=True, text=True,
                         cwd=ROOT, timeout=1800)
    elapsed = time.monotonic() - started
    assert run.returncode == 0, run.stderr[-4000:]
    results = json.loads(run.stdout)
    print(f"pa11y: {len(mine)} pages in {elapsed:.1f} s")
    assert [r["url"] for r in results] == request["urls"]  # every page was tested
    known, *pages = results
    assert PA11Y_EXPECTED in [i["code"] for i in known["issues"]], known
    problems = [f"{r['url']}: {i['code']}: {i['selector']}: {i['message']}" for r in pages for i in r["issues"]]
    assert not problems, "\n".join(problems)
