"""`make serve`: a live preview that never hangs on a broken edit.

`mkdocs serve` stops answering while a strict rebuild fails ("the server will appear
stuck"). Here every rebuild goes into a fresh folder; the server keeps the last good
build, prints the problem as `file:line: message` and shows it on every page in a
banner until an edit fixes it. Pages reload themselves after each build.
"""

from __future__ import annotations

import html
import io
import shutil
import sys
import threading
import time
from pathlib import Path

from sitegen import build, paths, sitedata
from sitegen.static_server import QuietServer, SiteHandler

WATCHED = ("docs", "overrides", paths.CONFIG)
PREFIX = "/__preview/"
# Polls the build number; a new number means a finished build, good or bad.
RELOAD_JS = b"""(function () {
  var seen = null;
  function poll() {
    fetch("/__preview/build", {cache: "no-store"}).then(function (r) { return r.text(); }).then(function (n) {
      if (seen !== null && n !== seen) { location.reload(); }
      seen = n;
    }).catch(function () {}).then(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
"""
BANNER = ('<div role="alert" style="position:sticky;top:0;z-index:10;background:#fff3cd;color:#3b2f00;'
          'border-bottom:3px solid #b58100;padding:.8rem 1rem;font:14px/1.5 monospace;white-space:pre-wrap">'
          '<strong>{title}</strong>\n{problems}</div>')


class Preview:
    """The folder being served, the build number and the last build's problems."""

    def __init__(self, root: Path):
        self.root = root
        self.current: Path | None = None
        self.number = 0
        self.problems = ""
        self.lock = threading.Lock()

    def rebuild(self) -> bool:
        out = build.temp_site(self.root / ".preview" / "site")
        result = build.build_into(self.root / paths.CONFIG, out)
        if result.returncode != 0:
            shutil.rmtree(out, ignore_errors=True)
            text = io.StringIO()
            build.report_failure(result, self.root, stream=text)
            problems = text.getvalue().strip() or "the build failed"
        else:
            problems = ""
            inject_reload(out)
        with self.lock:
            if not problems:
                old, self.current = self.current, out
                if old:
                    shutil.rmtree(old, ignore_errors=True)
            self.problems = problems
            self.number += 1
        # Said only once it is so: a page requested after the message shows this build (or its problem).
        if problems:
            print(problems, file=sys.stderr)
            print("build failed: still serving the last good build", file=sys.stderr)
        else:
            print("build ok", file=sys.stderr)
        return not problems


def snapshot(root: Path) -> dict[str, float]:
    seen = {}
    for name in WATCHED:
        top = root / name
        for path in [top, *top.rglob("*")] if top.is_dir() else [top]:
            if path.is_file():
                seen[str(path)] = path.stat().st_mtime
    return seen


class PreviewHandler(SiteHandler):
    preview: Preview

    def do_GET(self):
        if self.path.startswith(PREFIX):
            return self.send_tool(self.path[len(PREFIX):])
        if self.path.split("?")[0].endswith(("/", ".html")) and self.preview.problems:
            return self.send_with_banner()
        return super().do_GET()

    def send_tool(self, name: str):
        body, kind = {"build": (str(self.preview.number).encode(), "text/plain"),
                      "reload.js": (RELOAD_JS, "text/javascript")}.get(name, (None, None))
        if body is None:
            return self.send_error(404)
        self.send_bytes(body, kind)

    def send_with_banner(self):
        path = Path(self.translate_path(self.path.split("?")[0]))
        page = path / "index.html" if path.is_dir() else path
        status = 200
        if not page.is_file():  # a missing page is still its language's 404, as when the build is good
            page, status = self.not_found_page(), 404
        text = page.read_text(encoding="utf-8") if page.is_file() else "<body></body>"
        banner = BANNER.format(title="The last edit did not build; this is the last good build.",
                               problems=html.escape(self.preview.problems))
        head, sep, rest = text.partition("<body")
        tag_end = rest.find(">") + 1
        text = head + sep + rest[:tag_end] + banner + rest[tag_end:] if sep else banner + text
        self.send_bytes(text.encode("utf-8"), "text/html; charset=utf-8", status)

    def send_bytes(self, body: bytes, kind: str, status: int = 200):
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def inject_reload(site: Path) -> None:
    """Every page of a preview build loads the reload script (allowed by the CSP: same origin)."""
    tag = f'<script src="{PREFIX}reload.js"></script></body>'
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        page.write_text(text.replace("</body>", tag, 1), encoding="utf-8")


def make_server(preview: Preview, host: str, port: int) -> QuietServer:
    others = tuple(sitedata.config_languages(preview.root / paths.CONFIG)[1:])  # their own 404 pages
    kind = type("Handler", (PreviewHandler,), {"preview": preview, "languages": others})

    def handler(*args, **kwargs):
        with preview.lock:
            folder = preview.current
        return kind(*args, directory=str(folder), **kwargs)
    return QuietServer((host, port), handler)


def run(root: Path, host: str, port: int, poll: float = 1.0) -> int:
    preview = Preview(root)
    seen = snapshot(root)  # before the first build: an edit made while it runs is built next
    print("building…", file=sys.stderr)
    if not preview.rebuild():
        print("the first build failed: fix the problem above, then run `make serve` again", file=sys.stderr)
        return 1
    server = make_server(preview, host, port)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"serving on http://{host}:{server.server_address[1]}/ (Ctrl+C stops)", file=sys.stderr, flush=True)
    try:
        while True:
            time.sleep(poll)
            now = snapshot(root)
            if now == seen:
                continue
            seen = now
            time.sleep(0.3)  # let an editor finish writing
            preview.rebuild()
    except KeyboardInterrupt:
        return 0
    finally:
        server.shutdown()
        with preview.lock:
            if preview.current:
                shutil.rmtree(preview.current, ignore_errors=True)

