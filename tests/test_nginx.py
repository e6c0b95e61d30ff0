"""scripts/nginx.conf is a configuration nginx accepts and serves the site as it says.

nginx runs it with three changes a deployment makes: its root is a copy of the real build,
the certificate lines name a throw-away self-signed certificate made here with openssl, and
it listens on free local ports. Skipped when nginx is not installed, except under CI=true,
where `make test` installs it (`sitegen system-deps`, Debian's nginx-light).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import ssl
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from sitegen.testing import languages

TESTS = Path(__file__).resolve().parent  # the generator's tests: their fixtures and data, whichever campaign is under test

CONF = TESTS.parent / "scripts" / "nginx.conf"
NGINX = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)


@pytest.fixture(scope="module")
def nginx() -> str:
    if NGINX and shutil.which("openssl"):
        return NGINX
    if os.environ.get("CI") == "true":
        pytest.fail("nginx or openssl is missing: `make test` installs Debian's nginx-light when run as root")
    pytest.skip("nginx is not installed (run `make system-deps` as root)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def deployment(conf: str, root: Path, cert: Path, key: Path, http: int, https: int) -> str:
    """The example as a deployment fills it in: its root, its certificate, here its ports."""
    changes = [(r"^(\s*)root\s+\S+;", rf"\g<1>root {root};"),
               (r"^(\s*)ssl_certificate\s+\S+;", rf"\g<1>ssl_certificate {cert};"),
               (r"^(\s*)ssl_certificate_key\s+\S+;", rf"\g<1>ssl_certificate_key {key};"),
               (r"^(\s*)listen\s+80;", rf"\g<1>listen 127.0.0.1:{http};"),
               (r"^(\s*)listen\s+443 ", rf"\g<1>listen 127.0.0.1:{https} ")]
    for pattern, replacement in changes:
        conf, count = re.subn(pattern, replacement, conf, flags=re.M)
        assert count == 1, f"nginx.conf: expected one line matching {pattern}"
    return conf


@pytest.fixture(scope="module")
def server(nginx, site, tmp_path_factory):
    """nginx serving a copy of the real build with scripts/nginx.conf: (http URL, https URL, site copy)."""
    tmp = tmp_path_factory.mktemp("nginx")
    root = tmp / "site"
    shutil.copytree(site, root)
    cert, key = tmp / "cert.pem", tmp / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    http, https = free_port(), free_port()
    (tmp / "site.conf").write_text(deployment(CONF.read_text(encoding="utf-8"), root, cert, key, http, https),
                                   encoding="utf-8")
    temp = "".join(f"{kind}_temp_path {tmp}/{kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    # As root, nginx's workers would run as nobody, who cannot read pytest's private temporary folders.
    user = "user root;\n" if os.geteuid() == 0 else ""
    (tmp / "nginx.conf").write_text(
        f"{user}pid {tmp}/nginx.pid;\nerror_log {tmp}/error.log;\nevents {{}}\n"
        f"http {{\ninclude /etc/nginx/mime.types;\naccess_log off;\n{temp}include {tmp}/site.conf;\n}}\n",
        encoding="utf-8")
    command = [nginx, "-p", str(tmp), "-e", str(tmp / "error.log"), "-c", str(tmp / "nginx.conf")]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    assert "test is successful" in checked.stderr
    process = subprocess.Popen([*command, "-g", "daemon off;"], stderr=subprocess.PIPE, text=True)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", https), timeout=1).close()
                break
            except OSError:
                assert process.poll() is None, process.stderr.read()
                time.sleep(0.1)
        yield f"http://127.0.0.1:{http}/", f"https://127.0.0.1:{https}/", root
    finally:
        process.terminate()
        process.wait(timeout=30)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def get(url: str, encoding: str = "identity"):
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE  # the throw-away certificate
    opener = urllib.request.build_opener(NoRedirect, urllib.request.HTTPSHandler(context=context))
    try:
        with opener.open(urllib.request.Request(url, headers={"Accept-Encoding": encoding}), timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


def test_plain_http_redirects_to_https(server):
    http, _, _ = server
    status, headers, _ = get(http + "en/?x=1")
    assert status == 301 and headers["Location"].startswith("https://") and headers["Location"].endswith("/en/?x=1")
    assert headers["Strict-Transport-Security"] is None  # meaningless over http


def test_https_pages_carry_hsts_security_headers_and_revalidate(server):
    _, https, root = server
    status, headers, body = get(https)
    assert status == 200 and body == (root / "index.html").read_bytes()
    assert re.fullmatch(r"max-age=\d{8,}(; includeSubDomains)?", headers["Strict-Transport-Security"])
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["Referrer-Policy"]
    assert "must-revalidate" in headers["Cache-Control"] and "immutable" not in headers["Cache-Control"]


def test_assets_named_by_their_content_are_immutable_and_compressed(server):
    _, https, root = server
    sheet = next((root / "assets" / "stylesheets").glob("site.*.css")).relative_to(root).as_posix()
    status, headers, body = get(https + sheet, encoding="gzip")
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert headers["Strict-Transport-Security"] and headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.campaign  # nginx.conf names this campaign's second language (`location /en/`)
def test_each_language_gets_its_own_404(server):
    _, https, root = server
    langs = languages()
    assert langs, "the campaign lists no languages"
    for lang in langs:
        prefix = "" if lang == langs[0] else f"{lang}/"
        status, headers, body = get(f"{https}{prefix}no-such-page/")
        assert status == 404 and body == (root / prefix / "404.html").read_bytes(), lang
        assert headers["Strict-Transport-Security"] and "must-revalidate" in headers["Cache-Control"]
