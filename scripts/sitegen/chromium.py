"""Debian's Chromium, and the flags every headless run here needs.

Browsers are never downloaded: Playwright and Lighthouse launch /usr/bin/chromium.
Without the background-networking flags Chromium calls Google's hosts at start,
which this machine's closed network (and mainland China's) refuses.
"""

PATH = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
