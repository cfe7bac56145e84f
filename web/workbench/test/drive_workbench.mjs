// Drives the workbench in Debian's headless Chromium (puppeteer-core, no browser
// download) against a running gateway: upload -> index -> model -> study -> report, in
// one language per run, with an axe-core scan of every page, screenshots, and no console
// error allowed. Started by tests/gateway/workbench_browser_test.py, which starts the
// real services and the gateway.
//   node drive_workbench.mjs --base URL --lang en|zh --csv FILE --out DIR --node-modules DIR
//     [--token TOKEN --stored-file FILE.dta]
// Prints one JSON line of findings; exit 0 only when every check passed.
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

const { values: args } = parseArgs({ options: {
  base: { type: "string" }, lang: { type: "string" }, csv: { type: "string" },
  out: { type: "string" }, "node-modules": { type: "string" }, token: { type: "string" },
  "stored-file": { type: "string" },
} });
const require = createRequire(path.join(path.resolve(args["node-modules"]), "package.json"));
const puppeteer = require("puppeteer-core");
// Evaluated through the DevTools protocol: the gateway's CSP (rightly) blocks the
// inline <script> that page.addScriptTag would add.
const AXE_SOURCE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const BLOCKING = new Set(["serious", "critical"]);
const TIMEOUT = 300_000;

const failures = [];
// Set while a step provokes an HTTP error on purpose (the browser logs the failed fetch).
let expectedHttpStatus = null;
const findings = { lang: args.lang, axe: {}, progressEvents: 0, documents: [], seconds: {} };
const check = (ok, what) => { if (!ok) failures.push(what); };

async function axeScan(page, name) {
  if (!(await page.evaluate(() => typeof window.axe !== "undefined"))) await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
  }));
  const blocking = results.violations.filter((v) => BLOCKING.has(v.impact));
  findings.axe[name] = { passes: results.passes.length, violations: results.violations.map((v) => `${v.impact}:${v.id}`) };
  check(results.passes.length > 0, `${name}: axe checked nothing`);
  for (const v of blocking) {
    failures.push(`${name}: axe ${v.impact} ${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
  }
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(args.out, `${args.lang}_${name}.png`), fullPage: name !== "report" && name !== "api" });
}

async function goTo(page, name) {
  await page.click(`#nav-${name}`);
  await page.waitForFunction((n) => document.querySelector(`#nav-${n}`)?.getAttribute("aria-current") === "page", {}, name);
}

async function checkBoxes(page, name, values) {
  for (const v of values) await page.click(`input[name="${name}"][value="${v}"]`);
}

// A file with one problem of each kind: every one must be listed with its row and column.
const BAD_CSV = "entity,year,x,y\nA,2020,1,2\nA,2020,3,4\n,2021,5,6\nB,20x1,7,8\nB,2022,abc,9\n";
const BAD_CELLS = ["2 year", "3 entity", "4 year", "5 x"];

async function badFile(page) {
  const file = path.join(args.out, "bad_panel.csv");
  fs.writeFileSync(file, BAD_CSV);
  expectedHttpStatus = 400;  // the services reject the panel: that is the point
  await (await page.$("#data-file")).uploadFile(file);
  await page.waitForSelector("#problems .status.error", { timeout: TIMEOUT });
  expectedHttpStatus = null;
  const listed = await page.$$eval("#problems table tbody tr", (rows) => rows.map((r) => `${r.cells[0].textContent} ${r.cells[1].textContent}`));
  for (const cell of BAD_CELLS) check(listed.includes(cell), `data: problem at row/column ${cell} not listed (${listed})`);
  await shot(page, "problems");
}

async function dataPage(page) {
  await badFile(page);
  const input = await page.$("#data-file");
  await input.uploadFile(args.csv);
  await page.waitForFunction((name) => document.querySelector(".summary")?.textContent.includes(name), {},
                             path.basename(args.csv));
  await page.waitForSelector("#problems .status.ok, #problems .status.error", { timeout: TIMEOUT });
  const verdict = await page.$eval("#problems .status", (e) => e.className + " " + e.textContent);
  check(verdict.includes("ok"), `data: the demo panel was not accepted: ${verdict}`);
  check(await page.$eval("#data-entity", (e) => e.value) === "entity", "data: entity column not detected");
  check(await page.$eval("#data-period", (e) => e.value) === "year", "data: period column not detected");
  await axeScan(page, "data");
  await shot(page, "data");
}

async function indexPage(page) {
  await goTo(page, "index");
  await checkBoxes(page, "indicator", ["broadband_ports", "mobile_penetration", "software_revenue", "open_data_platforms", "pm25"]);
  await page.select('select[name="direction-pm25"]', "DIRECTION_NEGATIVE");
  await page.click("#compute-index");
  await page.waitForSelector(".results svg.chart", { timeout: TIMEOUT });
  const weights = await page.$$eval(".results table", (tables) =>
    Array.from(tables[0].querySelectorAll("tbody tr")).map((r) => Number(r.cells[2].textContent.replace(/,/g, ""))));
  check(weights.length === 5, `index: ${weights.length} weights, expected 5`);
  check(Math.abs(weights.reduce((a, b) => a + b, 0) - 1) < 1e-3, `index: weights sum to ${weights}`);
  const ranks = await page.$$eval(".results table", (tables) =>
    Array.from(tables[1].querySelectorAll("tbody tr")).map((r) => r.cells[3].textContent));
  check(ranks.length === 217 && ranks.filter((r) => r === "1").length === 7, `index: ${ranks.length} score rows / rank-1 count`);
  check(await page.$eval(".results a[download]", (a) => a.href.startsWith("blob:")), "index: no CSV download");
  await axeScan(page, "index");
  await shot(page, "index");
}

async function modelPage(page) {
  await goTo(page, "model");
  await page.select("#model-dependent", "egov_service_quality");
  await checkBoxes(page, "regressor", ["digital_infrastructure", "ln_gdp_per_capita", "openness"]);
  await page.click("#fit-model");
  await page.waitForSelector(".results table", { timeout: TIMEOUT });
  const terms = await page.$$eval(".results table tbody tr", (rows) => rows.map((r) => r.cells[0].textContent));
  check(terms.join() === "digital_infrastructure,ln_gdp_per_capita,openness", `model: terms ${terms}`);
  await axeScan(page, "model");
  await shot(page, "model");
}

async function studyPage(page) {
  await goTo(page, "study");
  await page.select("#study-explanatory", "__index__");
  await page.select("#study-outcome", "egov_service_quality");
  await page.select("#study-group", "region3");
  await checkBoxes(page, "control", ["ln_gdp_per_capita", "openness", "urbanization"]);
  await checkBoxes(page, "mediator", ["digital_infrastructure"]);
  await checkBoxes(page, "robustness", ["ROBUSTNESS_CHECK_LAGGED_REGRESSOR", "ROBUSTNESS_CHECK_DRISCOLL_KRAAY"]);
  await checkBoxes(page, "format", ["FORMAT_DOCX"]);  // a binary document (Document.binary_content)
  for (const id of ["#study-replications", "#study-permutations"]) {
    await page.$eval(id, (e) => { e.value = "49"; e.dispatchEvent(new Event("change")); });
  }
  // Count the progress values the page shows while the study runs (server-sent events).
  // Every <progress> the page inserts is recorded (events arriving in one network chunk
  // are drawn in one task, so sampling the final DOM would miss some).
  await page.evaluate(() => {
    window.__progress = new Set();
    new MutationObserver((records) => {
      for (const r of records) {
        for (const n of r.addedNodes) {
          const bar = n.nodeType === 1 ? (n.matches("progress") ? n : n.querySelector("progress")) : null;
          if (bar) window.__progress.add(bar.getAttribute("value"));
        }
      }
    }).observe(document.body, { subtree: true, childList: true });
  });
  await page.click("#run-study");
  await page.waitForSelector("ul.documents, .status.error", { timeout: TIMEOUT });
  findings.progressEvents = await page.evaluate(() => window.__progress.size);
  check(findings.progressEvents > 2, `study: only ${findings.progressEvents} progress values seen`);
  findings.documents = await page.$$eval("ul.documents a", (links) => links.map((a) => a.getAttribute("download")));
  check(["report.html", "tables.xlsx", "report.tex", "report.docx"].every((d) => findings.documents.includes(d)),
        `study: documents ${findings.documents}`);
  // The Word document downloads (as a person clicking it gets it) as the bytes of a zip
  // container: binary_content decoded, not its base64 text.
  const downloads = fs.mkdtempSync(path.join(args.out, "downloads-"));
  const cdp = await page.createCDPSession();
  await cdp.send("Browser.setDownloadBehavior", { behavior: "allow", downloadPath: downloads });
  await page.click('ul.documents a[download="report.docx"]');
  const saved = path.join(downloads, "report.docx");
  for (let i = 0; i < 600 && !fs.existsSync(saved); i++) await new Promise((r) => setTimeout(r, 100));
  const bytes = fs.existsSync(saved) ? fs.readFileSync(saved) : Buffer.alloc(0);
  check(bytes.subarray(0, 2).toString("latin1") === "PK" && bytes.length > 2000, `study: report.docx download is not a Word file (${bytes.length} bytes)`);
  fs.rmSync(downloads, { recursive: true, force: true });
  const sizes = await page.$$eval("ul.documents a", (links) => links.map((a) => Number(a.dataset.bytes)));
  check(sizes.every((s) => s > 0), `study: empty downloads ${sizes}`);
  const reportText = await page.$eval("section.report", (e) => e.shadowRoot?.textContent ?? "");
  check(reportText.length > 1000, "study: the report is not shown in the page");
  await axeScan(page, "study");
  await shot(page, "study");
  await page.$eval("section.report", (e) => e.scrollIntoView());
  await shot(page, "report");
}

// Clicks, then waits until the workspace page has loaded its lists once more.
async function clickThenReload(page, selector) {
  const loads = await page.$eval("#workspace", (e) => Number(e.dataset.loads));
  await page.click(selector);
  await page.waitForFunction((n) => Number(document.querySelector("#workspace")?.dataset.loads) > n, { timeout: TIMEOUT }, loads);
}

// With a workspace behind the gateway (--token given): save the file as a dataset,
// share it, run the configured study on it as an operation, reopen its report.
async function workspacePage(page) {
  await goTo(page, "workspace");
  await page.type("#ws-token", args.token);
  await clickThenReload(page, "#ws-connect");
  await page.click("#ws-save");
  await page.waitForFunction(() => /datasets\//.test(document.querySelector(".status.ok")?.textContent ?? ""), { timeout: TIMEOUT });
  const name = await page.$eval(".status.ok", (e) => /datasets\/[\w-]+/.exec(e.textContent)[0]);
  const row = `xpath///tr[td[1][normalize-space()="${name}"]]`;
  const cells = await page.$$eval("table tbody tr", (rows, n) => rows.find((r) => r.cells[0].textContent === n)?.cells[3].textContent, name);
  check(cells?.startsWith("217"), `workspace: stored dataset rows ${cells}`);
  const shareInput = await page.waitForSelector(`${row}//input[@name="share-with"]`);
  await shareInput.type("treasury");
  await (await page.waitForSelector(`${row}//button[@data-action="share"]`)).click();
  await page.waitForFunction((n) => Array.from(document.querySelectorAll("table tbody tr"))
    .some((r) => r.cells[0].textContent === n && r.cells[4].textContent.includes("treasury")), {}, name);
  await (await page.waitForSelector(`${row}//button[@data-action="run-study"]`)).click();
  await page.waitForFunction(() => /operations\//.test(document.querySelector(".status.ok")?.textContent ?? ""));
  // The operation runs in the workspace; the list is refreshed until it offers the report.
  const deadline = Date.now() + TIMEOUT;
  while (!(await page.$('button[data-action="open"]')) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 1000));
    await clickThenReload(page, "#ws-refresh");
  }
  await page.click('button[data-action="open"]');
  await page.waitForSelector("section.report");
  const reportText = await page.$eval("section.report", (e) => e.shadowRoot?.textContent ?? "");
  check(reportText.length > 1000, "workspace: the reopened report is not shown");
  await axeScan(page, "workspace");
  await shot(page, "workspace");
}

// A Stata file the browser cannot read: the workspace reads it (upload), and its rows come
// back for the same preview, column types and checks as a CSV.
async function storedFilePage(page) {
  await goTo(page, "data");
  await (await page.$("#data-file")).uploadFile(args["stored-file"]);
  await page.waitForSelector("#stored-file");
  await page.$eval("#stored-entity", (e) => { e.value = ""; });
  await page.type("#stored-entity", "firm");
  await page.click("#data-read-stored");
  await page.waitForFunction(() => /grunfeld\.dta/.test(document.querySelector("p.summary")?.textContent ?? ""), { timeout: TIMEOUT });
  await page.waitForSelector("#problems .status.ok, #problems .status.error", { timeout: TIMEOUT });
  const summary = await page.$eval("p.summary", (e) => e.textContent);
  check(/200\b/.test(summary) && /\b10\b/.test(summary) && /\b20\b/.test(summary), `stored file: summary ${summary}`);
  const types = await page.$$eval("table tbody tr", (rows) => rows.map((r) => Array.from(r.cells).map((c) => c.textContent)));
  check(["inv", "value", "capital"].every((c) => types.some((r) => r[0] === c)), `stored file: columns ${JSON.stringify(types.slice(0, 6))}`);
  check(await page.$("#problems .status.ok") !== null, "stored file: the services did not accept the panel read back");
  await axeScan(page, "stored_file");
  await shot(page, "stored_file");
}

async function apiPage(browser) {
  const page = await watchedPage(browser);
  await page.goto(`${args.base}/api/`, { waitUntil: "networkidle0" });
  const operations = await page.$$eval("details.operation", (d) => d.length);
  check(operations >= 20, `api page: ${operations} operations`);
  await axeScan(page, "api");
  await shot(page, "api");
}

async function watchedPage(browser) {
  const page = await browser.newPage();
  await page.setViewport({ width: 1366, height: 900 });
  page.setDefaultTimeout(60_000);
  page.on("console", (m) => {
    if (m.type() !== "error") return;
    if (expectedHttpStatus && m.text().includes(`responded with a status of ${expectedHttpStatus}`)) return;
    failures.push(`console error: ${m.text()}`);
  });
  page.on("pageerror", (e) => failures.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) => { if (!r.url().startsWith("blob:")) failures.push(`request failed: ${r.url()}`); });
  return page;
}

async function main() {
  fs.mkdirSync(args.out, { recursive: true });
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--headless=new", "--disable-gpu", "--disable-dev-shm-usage", `--lang=${args.lang}`],
  });
  try {
    const page = await watchedPage(browser);
    await page.goto(`${args.base}/`, { waitUntil: "networkidle0" });
    await page.select("#language", args.lang);
    check(await page.$eval("html", (e) => e.lang) === (args.lang === "zh" ? "zh-CN" : "en"), "language switch");
    const steps = [["data", dataPage], ["index", indexPage], ["model", modelPage], ["study", studyPage]];
    if (args.token) steps.push(["workspace", workspacePage]);
    if (args.token && args["stored-file"]) steps.push(["stored_file", storedFilePage]);
    if (args.lang === "en") steps.push(["api", () => apiPage(browser)]);
    for (const [name, step] of steps) {
      const start = Date.now();
      await step(page);
      findings.seconds[name] = (Date.now() - start) / 1000;  // reported, never asserted
    }
  } finally {
    await browser.close();
  }
}

main().then(() => {
  console.log(JSON.stringify({ ...findings, failures }));
  process.exit(failures.length ? 1 : 0);
}, (error) => {
  console.log(JSON.stringify({ ...findings, failures: [...failures, `driver: ${error.stack || error}`] }));
  process.exit(2);
});
