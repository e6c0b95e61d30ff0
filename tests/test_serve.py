"""`make serve` on a broken edit keeps serving the last good build, prints the problem as
`file:line: message` and shows it in the browser; the next good edit clears it."""

from __future__ import annotations

import queue
import re
import subprocess
import sys
import threading
import time
import urllib.request

import pytest

from sitegen.testing import copy_project

pytestmark = pytest.mark.build


def fetch(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=10) as response:  # a hung server fails here, not after minutes
        return response.status, response.read().decode("utf-8")


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


def test_a_broken_edit_keeps_the_last_good_build_and_shows_the_problem(tmp_path):
    project = copy_project(tmp_path / "project")
    page = next(p for p in sorted((project / "docs").glob("*/*.md")) if p.read_text(encoding="utf-8").startswith("---\ntitle: "))
    shown = page.relative_to(project).as_posix()
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
        page.write_text(good, encoding="utf-8")
        serving.wait_for("build ok")
        status, after = fetch(serving.url)
        assert status == 200 and 'role="alert"' not in after
    finally:
        serving.close()
