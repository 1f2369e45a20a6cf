// Opens a page in headless Chromium (Debian's /usr/bin/chromium through
// playwright-core; never a downloaded browser), waits for the page's
// window.done promise and prints its value as JSON, then the texts the
// page shows (the DOM, as a user sees it).
// Usage: node browser.mjs URL
// Exit status 3: the browser could not start.
import { chromium } from "playwright-core";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const url = process.argv[2];
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
const profile = mkdtempSync(join(tmpdir(), "chalice-chromium-"));
let context;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    timeout: 60000,
  });
} catch (err) {
  rmSync(profile, { recursive: true, force: true });
  console.error(`cannot start ${executablePath}: ${err.message}`);
  process.exit(3);
}
const logs = [];
try {
  const page = await context.newPage();
  page.on("console", (m) => logs.push(`console.${m.type()}: ${m.text()}`));
  page.on("pageerror", (e) => logs.push(`pageerror: ${e.message}`));
  await page.goto(url, { waitUntil: "load", timeout: 60000 });
  const results = await page.evaluate(() => window.done);
  const shown = await page.evaluate(() =>
    Object.fromEntries([...document.querySelectorAll("pre[id]")].map((e) => [e.id, e.textContent]))
  );
  console.log(JSON.stringify({ results, shown, logs }));
} catch (err) {
  console.log(JSON.stringify({ error: err.message, logs }));
  process.exitCode = 1;
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
