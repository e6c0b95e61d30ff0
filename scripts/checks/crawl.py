"""linkchecker's crawl of the served site, with anchors checked.

Served over HTTP on 127.0.0.1 port 0 with a `LinkChecker` header, so linkchecker
neither throttles itself to ~3 requests/s nor misses anchors in `dir/#a` links
(which it cannot check in file mode). Its config file enables [AnchorCheck].
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
from urllib.parse import urlsplit

from checks import Problem
from checks.built_html import source_of
from checks.markdown_links import line_of

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


def rows(output: str):
    lines = [l for l in output.splitlines() if l and not l.startswith("#")]
    return csv.DictReader(io.StringIO("\n".join(lines)), delimiter=";")


def problems(result: subprocess.CompletedProcess, base_url: str, root: Path, languages: list[str]):
    """Broken links and anchors that linkchecker found, mapped to their sources."""
    out, checked = [], 0
    for row in rows(result.stdout):
        checked += 1
        anchor_broken = "anchor" in (row.get("warningstring") or "").lower()
        if row.get("valid") == "True" and not anchor_broken:
            continue
        parent = row.get("parentname") or base_url
        site_rel = urlsplit(parent).path.lstrip("/") or "index.html"
        if site_rel.endswith("/"):
            site_rel += "index.html"
        source = source_of(site_rel, languages, root)
        name = row.get("urlname") or ""
        needle = ("#" + urlsplit(name).fragment) if urlsplit(name).fragment else name.rstrip("/").rsplit("/", 1)[-1]
        message = row.get("warningstring") if anchor_broken else row.get("result")
        out.append(Problem(source, line_of(root / source, needle), "anchor" if anchor_broken else "link",
                           f"linkchecker: {name}: {message}", needle.lstrip("#")))
    if result.returncode not in (0, 1):
        out.append(Problem("mkdocs.yml", 1, "link", f"linkchecker failed: {result.stderr.strip()[-500:]}"))
    return out, checked
