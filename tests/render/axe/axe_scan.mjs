// axe-core accessibility scan of HTML files in Debian's headless Chromium.
//   node axe_scan.mjs REPORT.html [MORE.html ...]
// Prints every violation (rule, impact, elements). Exit 0: no serious or critical
// violation; 1: at least one; 2: the scan itself did not run (no browser, axe missing,
// or axe checked nothing). Used by tests/render/accessibility_test.cc.
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import puppeteer from "puppeteer-core";

const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");
const BLOCKING = new Set(["serious", "critical"]);

async function scan(browser, file) {
  const page = await browser.newPage();
  await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
  await page.addScriptTag({ path: AXE });
  // WCAG 2.x A/AA plus axe's best practices (where scrollable-region-focusable lives).
  const results = await page.evaluate(() => axe.run(document, {
    runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
  }));
  await page.close();
  return results;
}

async function main(files) {
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--headless=new", "--disable-gpu", "--disable-dev-shm-usage"],
  });
  let blocking = 0;
  try {
    for (const file of files) {
      const results = await scan(browser, file);
      if (results.passes.length === 0) throw new Error(`${file}: axe checked nothing`);
      console.log(`${file}: ${results.passes.length} rules passed, ${results.violations.length} violated`);
      for (const v of results.violations) {
        if (BLOCKING.has(v.impact)) blocking += 1;
        console.log(`  ${v.impact}: ${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(" ")).slice(0, 5).join(", ")}`);
      }
    }
  } finally {
    await browser.close();
  }
  return blocking === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then((code) => process.exit(code), (error) => {
  console.error(`axe scan failed: ${error.stack || error}`);
  process.exit(2);
});
