"""`make serve` on a broken edit keeps serving the last good build, prints the problem as
`file:line: message` and shows it in the browser; the next good edit clears it."""

from __future__ import annotations

import queue
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from html.parser import HTMLParser

import pytest

from sitegen import sitedata
from sitegen.testing import copy_project

pytestmark = pytest.mark.build


def fetch(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=10) as response:  # a hung server fails here, not after minutes
        return response.status, response.read().decode("utf-8")


def fetch_missing(url: str) -> tuple[int, str]:
    """Status and body of a URL that must not exist."""
    try:
        return fetch(url)
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8")


class HtmlLang(HTMLParser):
    lang = None

    def handle_starttag(self, tag, attrs):
        if tag == "html":
            self.lang = dict(attrs).get("lang")


def html_lang(text: str) -> str | None:
    parser = HtmlLang()
    parser.feed(text)
    return parser.lang


def not_found_pages(serving, data) -> dict[str, tuple[int, str | None, str]]:
    """For each language, what a missing URL in its folder returns: status, <html lang>, body."""
    out = {}
    for lang in data.languages:
        status, body = fetch_missing(f"{serving.url}{data.prefix(lang)}no-such-page-{lang}/")
        out[data.t(lang, "html_lang")] = (status, html_lang(body), body)
    return out


class Serving:
    def __init__(self, project):
        self.process = subprocess.Popen([sys.executable, "-m", "sitegen", "--root", str(project), "serve",
                                         "--port", "0"], cwd=project, stderr=subprocess.PIPE, text=True)
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=lambda: [self.lines.put(line) for line in self.process.stderr], daemon=True).start()
        self.url = re.search(r"serving on (http://\S+)", self.wait_for("serving on"))[1]

    def wait_for(self, text: str, timeout: float = 240) -> str:
        """Everything printed until a line containing `text`."""
        seen, end = [], time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                assert self.process.poll() is None, "".join(seen)
                continue
            seen.append(line)
            if text in line:
                return "".join(seen)
        raise AssertionError(f"no {text!r} within {timeout} s:\n" + "".join(seen))

    def close(self):
        self.process.terminate()
        self.process.wait(timeout=30)


@pytest.mark.long
def test_a_broken_edit_keeps_the_last_good_build_and_shows_the_problem(tmp_path):
    project = copy_project(tmp_path / "project")
    page = next(p for p in sorted((project / "docs").glob("*/*.md")) if p.read_text(encoding="utf-8").startswith("---\ntitle: "))
    shown = page.relative_to(project).as_posix()
    data = sitedata.load(project / "docs")  # read before the edit breaks it
    serving = Serving(project)
    try:
        status, before = fetch(serving.url)
        assert status == 200 and 'role="alert"' not in before
        good = page.read_text(encoding="utf-8")
        lines = good.split("\n")
        lines[1] = "title: a: b"  # line 2, the title: wrong whatever the lines after it hold
        page.write_text("\n".join(lines), encoding="utf-8")
        printed = serving.wait_for("still serving the last good build")
        assert f"{shown}:2: malformed YAML: mapping values are not allowed" in printed, printed
        assert "Traceback" not in printed, printed
        started = time.monotonic()
        status, during = fetch(serving.url)  # every page carries the problem
        assert status == 200 and time.monotonic() - started < 5
        assert 'role="alert"' in during and f"{shown}:2: malformed YAML" in during
        missing = not_found_pages(serving, data)
        assert missing, "the campaign lists no languages"
        for lang, (status, served, body) in missing.items():  # still each its own 404
            assert (status, served) == (404, lang) and f"{shown}:2: malformed YAML" in body
        page.write_text(good, encoding="utf-8")
        serving.wait_for("build ok")
        status, after = fetch(serving.url)
        assert status == 200 and 'role="alert"' not in after
    finally:
        serving.close()


def test_a_missing_page_gets_its_own_languages_404(tmp_path):
    """/<lang>/<missing> is that language's 404 page, with status 404, as nginx.conf serves it."""
    project = copy_project(tmp_path / "project")
    serving = Serving(project)
    try:
        found = not_found_pages(serving, sitedata.load(project / "docs"))
        assert len(found) >= 2, "a campaign with one language cannot show this"
        for lang, (status, served, body) in found.items():
            assert (status, served) == (404, lang), f"a missing page under {lang}'s folder: {status}, lang={served}"
            assert "/__preview/reload.js" in body  # the preview's own copy, which reloads after an edit
    finally:
        serving.close()
