"""Debian's Chromium, and the flags every headless run here needs.

Browsers are never downloaded: Playwright and Lighthouse launch /usr/bin/chromium.
Without the background-networking flags Chromium calls Google's hosts at start,
which this machine's closed network (and mainland China's) refuses.
"""

PATH = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# Headless Chromium still builds a browser window for each new context (a test's fresh profile), and with
# it the address bar's popups: WebUI pages in a renderer of their own, about 0.8 s of CPU every time
# (measured: a context, its page and a second of waiting, 1.27 core-s with them, 0.41 without).
# No page is drawn differently without them.
HEADLESS_UNUSED = ("WebUIOmniboxPopup", "WebUIOmniboxAimPopup", "WebUIOmniboxFullPopup")

# Playwright turns features off with one --disable-features switch of its own, and Chromium keeps only the
# last such switch: ours repeats Playwright's list (playwright 1.65.2, its chromiumSwitches). tests/
# test_chromium.py reads the list Playwright passes and fails when an upgrade changes it.
PLAYWRIGHT_DISABLED = (
    "AvoidUnnecessaryBeforeUnloadCheckSync", "DestroyProfileOnBrowserClose", "HttpsUpgrades",
    "HttpsFirstBalancedModeAutoEnable", "LensOverlay", "MediaRouter", "PaintHolding",
    "ThirdPartyStoragePartitioning", "AvoidCorsURLLoaderRestartOnRedirect", "TcpPortRandomizationWin",
    "OptimizationHints", "NetworkTimeServiceQuerying", "AimEnabled", "PreconnectToSearch",
    "msForceBrowserSignIn", "msEdgeUpdateLaunchServicesPreferredVersion")
PLAYWRIGHT_ARGS = [*ARGS, "--disable-features=" + ",".join(PLAYWRIGHT_DISABLED + HEADLESS_UNUSED)]
