"""linkchecker over HTTP, on the site served on 127.0.0.1 port 0 with a `LinkChecker` header
(without it linkchecker throttles itself to ~3 requests/s).

`make check` gives it only what an HTTP client alone can tell: whether the server answers for
each distinct link target, each requested once (run_targets). `run` is the full recursive crawl
with [AnchorCheck] that `make bench` times as the reference.
"""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

from sitegen.checks import Problem
from sitegen.checks.built_html import source_of
from sitegen.checks.markdown_links import line_of

RC = """\
[checking]
threads={threads}
timeout=30
maxrequestspersecond=1000
[filtering]
checkextern=0
[output]
[AnchorCheck]
"""


def linkchecker_command(url: str, rc: Path) -> list[str]:
    exe = Path(sys.executable).with_name("linkchecker")
    return [str(exe), "--config", str(rc), "--no-status", "--output", "csv", url]


def run(url: str, threads: int = 8, anchors: bool = True, ignore: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    """Crawl `url`; `ignore`: site folders this build did not make (downloads), left unchecked."""
    with tempfile.TemporaryDirectory(prefix="linkcheck-") as tmp:
        os.chmod(tmp, 0o755)  # as root, linkchecker drops to `nobody`, which must read this
        rc = Path(tmp) / "linkcheckerrc"
        text = RC.format(threads=threads)
        if ignore:  # linkchecker's ignore patterns are regular expressions on the URL, one per line
            patterns = "\n ".join(re.escape(url.rstrip("/") + "/" + folder) for folder in ignore)
            text = text.replace("[filtering]\n", f"[filtering]\nignore=\n {patterns}\n")
        rc.write_text(text if anchors else text.replace("[AnchorCheck]\n", ""), encoding="utf-8")
        rc.chmod(0o644)
        return subprocess.run(linkchecker_command(url, rc), capture_output=True, text=True,
                              env={**os.environ, "HOME": tmp})


def target_url(base_url: str, target_rel: str) -> str:
    """The URL a reader follows to a built file: a folder's index.html by its folder."""
    if target_rel == "index.html" or target_rel.endswith("/index.html"):
        target_rel = target_rel[: -len("index.html")]
    return base_url + quote(os.fsencode(target_rel))  # any file name: spaces, %, #, ?, bytes that are not UTF-8


def target_urls(base_url: str, referrers: dict) -> list[str]:
    return sorted({base_url} | {target_url(base_url, t) for t in referrers if not t.endswith("__self__")})


def run_targets(base_url: str, referrers: dict) -> subprocess.CompletedProcess:
    """linkchecker on each distinct internal link target, once, without recursion or anchors."""
    urls = target_urls(base_url, referrers)
    with tempfile.TemporaryDirectory(prefix="linkcheck-") as tmp:
        os.chmod(tmp, 0o755)  # as root, linkchecker drops to `nobody`, which must read this
        rc = Path(tmp) / "linkcheckerrc"
        rc.write_text(RC.format(threads=8).replace("[AnchorCheck]\n", ""), encoding="utf-8")
        rc.chmod(0o644)
        command = linkchecker_command(base_url, rc)[:-1] + ["--recursion-level", "0", "--stdin"]
        return subprocess.run(command, input="\n".join(urls), capture_output=True, text=True,
                              env={**os.environ, "HOME": tmp})


def target_problems(result: subprocess.CompletedProcess, base_url: str, referrers: dict, root: Path,
                    languages: list[str]):
    """Targets the server did not serve, reported where the first page that links to them was written."""
    by_url = {target_url(base_url, t): ref for t, ref in referrers.items()}
    out, checked = [], len(target_urls(base_url, referrers))  # linkchecker lists only the failures
    for row in rows(result.stdout):
        if row.get("valid") == "True":
            continue
        url = row.get("urlname") or ""
        page, href = by_url.get(url, ("index.html", url))
        source = source_of(page, languages, root)
        needle = href.rstrip("/").rsplit("/", 1)[-1] or href
        out.append(Problem(source, line_of(root / source, needle), "link",
                           f"linkchecker: {url}: {row.get('result')} (linked from {page})", needle))
    if result.returncode not in (0, 1):
        out.append(Problem("mkdocs.yml", 1, "link", f"linkchecker failed: {result.stderr.strip()[-500:]}"))
    return out, checked


def rows(output: str):
    lines = [l for l in output.splitlines() if l and not l.startswith("#")]
    return csv.DictReader(io.StringIO("\n".join(lines)), delimiter=";")
