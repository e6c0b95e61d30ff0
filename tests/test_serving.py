"""The local server that `make audit`, `make check` and the browser tests use behaves like scripts/nginx.conf."""

from __future__ import annotations

import gzip
import urllib.error
import urllib.request

import pytest

from sitegen.static_server import SiteServer

pytestmark = pytest.mark.campaign  # reads this campaign's pages and facts


def fetch(url: str, encoding: str = "gzip"):
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


@pytest.mark.parametrize("path,file", [("", "index.html"), ("en/lessons/legal-protections/",
                                       "en/lessons/legal-protections/index.html"),
                                      ("assets/stylesheets/site.*.css", None)])
def test_text_is_sent_gzip_compressed_when_asked(site, path, file):
    if "*" in path:  # an asset under its content-hashed name (sitegen.postbuild.fingerprint)
        path = file = next(site.glob(path)).relative_to(site).as_posix()
    with SiteServer(site, ["en"], compress=True) as url:
        status, headers, body = fetch(url + path)
        assert status == 200 and headers["Content-Encoding"] == "gzip" and headers["Vary"] == "Accept-Encoding"
        assert gzip.decompress(body) == (site / file).read_bytes()
        status, headers, body = fetch(url + path, encoding="identity")
        assert headers["Content-Encoding"] is None and body == (site / file).read_bytes()


def test_compression_keeps_redirects_404s_and_binary_files(site):
    with SiteServer(site, ["en"], compress=True) as url:
        status, headers, body = fetch(url + "en/no-such-page/")
        assert status == 404 and body == (site / "en/404.html").read_bytes()
        status, headers, body = fetch(url + "assets/images/favicon.png")
        assert status == 200 and headers["Content-Encoding"] is None
        status, headers, body = fetch(url + "lessons/legal-protections")  # followed redirect to the folder
        assert status == 200 and gzip.decompress(body) == (site / "lessons/legal-protections/index.html").read_bytes()
