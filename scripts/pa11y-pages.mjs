// pa11y (HTML_CodeSniffer, WCAG 2 AA) over many pages with one browser and a few tabs, each going from page
// to page as a reader does (a new tab for each page would start a new renderer process every time).
//
// Reads a JSON object on stdin: {"chromium": path, "args": [flags], "urls": [...]}
// (tests/test_validators.py passes sitegen.chromium's PATH and ARGS: Debian's Chromium,
// never a downloaded one). Prints a JSON array on stdout, one entry per URL in order:
// {"url", "issues": [{"code", "type", "selector", "message"}]}; pa11y reports errors only.
// Exit status: 0 when every page was tested (whatever was found), 1 when one could not be.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";

const require = createRequire(import.meta.url);
const pa11y = require("pa11y");
const puppeteer = require("puppeteer");

const STANDARD = "WCAG2AA";
// pa11y waits for each page's network to be idle for half a second: a few tabs at a time
// overlap those waits (about a second a page one after another).
const TABS = 4;

async function test(browser, page, url) {
  const result = await pa11y(url, { browser, page, standard: STANDARD, runners: ["htmlcs"], timeout: 60000 });
  return { url, issues: result.issues.map(({ code, type, selector, message }) => ({ code, type, selector, message })) };
}

const input = JSON.parse(readFileSync(0, "utf8"));
const browser = await puppeteer.launch({ executablePath: input.chromium, args: input.args, headless: true });
const results = new Array(input.urls.length);
let next = 0;
async function worker() {
  const page = await browser.newPage(); // one tab each, as a reader goes from page to page
  while (next < input.urls.length) {
    const index = next++;
    results[index] = await test(browser, page, input.urls[index]);
  }
  await page.close();
}
try {
  await Promise.all(Array.from({ length: TABS }, worker));
  process.stdout.write(JSON.stringify(results) + "\n");
} catch (error) {
  process.stderr.write(`pa11y-pages: ${error.message}\n`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
