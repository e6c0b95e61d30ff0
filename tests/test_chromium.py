"""The flags Chromium is launched with (sitegen/chromium.py): what they turn off stays off, and they keep
what Playwright itself turns off."""

from __future__ import annotations

from sitegen import chromium


def disabled_features(switches: list[str]) -> list[str]:
    return [feature for switch in switches if switch.startswith("--disable-features=")
            for feature in switch.split("=", 1)[1].split(",")]


def test_our_switch_repeats_every_feature_playwright_turns_off(browser):
    # Chromium shows its command line only to a browser started with --enable-automation.
    plain = browser.browser_type.launch(executable_path=chromium.PATH, args=[*chromium.ARGS, "--enable-automation"])
    try:
        switches = plain.new_browser_cdp_session().send("Browser.getBrowserCommandLine")["arguments"]
    finally:
        plain.close()
    theirs = disabled_features(switches)
    assert theirs, f"Playwright passed no --disable-features: {switches}"
    missing = sorted(set(theirs) - set(chromium.PLAYWRIGHT_DISABLED))
    assert not missing, f"Playwright now turns off {missing} too: add them to PLAYWRIGHT_DISABLED in sitegen/chromium.py"


def test_a_new_context_starts_no_browser_ui(browser):
    context = browser.new_context()
    context.new_page().goto("about:blank")
    targets = browser.new_browser_cdp_session().send("Target.getTargets", {"filter": [{}]})["targetInfos"]
    context.close()
    assert [t for t in targets if t["type"] == "page"], f"the new page is not among the targets: {targets}"
    ui = [t["url"] for t in targets if t["type"] == "browser_ui"]
    assert not ui, f"a new context opened {ui}: has Chromium renamed a feature in HEADLESS_UNUSED?"
