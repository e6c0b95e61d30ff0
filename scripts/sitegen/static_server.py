"""Serve a built site on 127.0.0.1, port 0, the way the nginx example does.

Used by the tests, the link checker and the benchmarks: each language gets its
own 404 page, and a `LinkChecker` header lifts linkchecker's 3-requests/s limit
(it throttles any server that does not name it). With `compress=True` text files
are sent gzip-compressed, as nginx does, so `make audit` measures what readers get.
"""

from __future__ import annotations

import functools
import gzip
import io
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


COMPRESSIBLE = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt"}  # nginx.conf's gzip_types


@functools.lru_cache(maxsize=512)
def _gzipped(path: str, mtime: float) -> bytes:
    return gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0)


class SiteHandler(SimpleHTTPRequestHandler):
    languages: tuple[str, ...] = ()
    compress = False

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        wants = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (self.compress and wants and path.suffix in COMPRESSIBLE and path.is_file()
                and self.path.split("?")[0].endswith(("/", path.name))):
            return super().send_head()  # redirects, 404s and binary files as before
        body = _gzipped(str(path), path.stat().st_mtime)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def end_headers(self):
        self.send_header("LinkChecker", "allow")
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        page = self.not_found_page()
        body = page.read_bytes() if page.exists() else b"Not found"
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def not_found_page(self) -> Path:
        """The 404 page of the language whose folder the request is in (the default language's otherwise)."""
        first = self.path.lstrip("/").split("/", 1)[0]
        return Path(self.directory) / (f"{first}/404.html" if first in self.languages else "404.html")

    def log_message(self, format, *args):  # keep test and check output clean
        pass


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # A browser that hangs up mid-response (a navigation cut short, a closed tab) is not the
        # site's fault: its traceback would only bury real failures in the test log.
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)


class SiteServer:
    """`with SiteServer(site_dir) as url:` serves until the block ends."""

    def __init__(self, root: Path, languages=("en",), compress: bool = False):
        handler = type("Handler", (SiteHandler,), {"languages": tuple(languages), "compress": compress})
        self.httpd = QuietServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        return self.url

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
