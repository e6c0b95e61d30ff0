"""Online mode: fetch each external URL and report its HTTP status (`make check-external`)."""

from __future__ import annotations

import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

USER_AGENT = "mkdocs-site-external-link-check"


def status(url: str, timeout: float = 20.0) -> tuple[str, int | None, str]:
    """(url, HTTP status or None, note). HEAD first; some servers only answer GET."""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return url, response.status, "ok"
        except urllib.error.HTTPError as err:
            if method == "HEAD" and err.code in (403, 405, 501):
                continue
            return url, err.code, err.reason or ""
        except (urllib.error.URLError, TimeoutError, OSError) as err:
            return url, None, str(getattr(err, "reason", err))
    return url, None, "no answer"


def statuses(urls, workers: int = 8):
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(status, sorted(set(urls))))
