// Lighthouse (the project's pinned npm package) over many pages with one Node and one Chromium.
//
// Started by `sitegen audit` (sitegen/commands/audit.py) in the project's root, whose node_modules
// holds Lighthouse: the modules are found from there, not from this file, which may sit in an
// installed wheel. Reads a JSON object on stdin:
//   {"chromium": path, "flags": [...], "runs": [{"url", "preset": "mobile"|"desktop", "categories": [...], "report": path}]}
// and writes each run's JSON report (Lighthouse's own format) to its `report` path, in order.
// Each run is a new tab with its storage and cache cleared (Lighthouse's default), so one browser
// gives what a browser per run gives, without starting Node and Chromium again for every page.
// Exit status: 0 when every run wrote its report, 1 (with the reason on stderr) when one could not.
import { createRequire } from "node:module";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const require = createRequire(join(process.cwd(), "package.json"));
const load = async (name) => (await import(pathToFileURL(require.resolve(name)).href)).default;

const input = JSON.parse(readFileSync(0, "utf8"));
const lighthouse = await load("lighthouse");
const desktop = await load("lighthouse/core/config/desktop-config.js");
const chromeLauncher = await import(pathToFileURL(require.resolve("chrome-launcher")).href);

const chrome = await chromeLauncher.launch({ chromePath: input.chromium, chromeFlags: input.flags });
try {
  for (const run of input.runs) {
    // No full-page screenshot: it only illustrates a report viewed in a browser, and no audit scores it.
    const flags = { port: chrome.port, output: "json", logLevel: "error", onlyCategories: run.categories,
                    disableFullPageScreenshot: true };
    const result = await lighthouse(run.url, flags, run.preset === "desktop" ? desktop : undefined);
    if (!result) throw new Error(`no result for ${run.url} (${run.preset})`);
    writeFileSync(run.report, result.report);
  }
} catch (error) {
  process.stderr.write(`lighthouse-pages: ${error.stack || error}\n`);
  process.exitCode = 1;
} finally {
  await chrome.kill();
}
