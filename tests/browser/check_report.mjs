// Open a ticli report in Debian's headless chromium and say, as JSON on stdout, what a
// person would get: console errors, every request the page made, each chart's size and
// drawing, a full-page screenshot, a PDF as printed, and what axe-core finds.
//
// node check_report.mjs REPORT.html SHOT.png PRINT.pdf [CHROMIUM]
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import puppeteer from "puppeteer-core";

const [page_path, shot, pdf, chromium = "/usr/bin/chromium"] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const axe = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage"],
});
const result = { console_errors: [], page_errors: [], requests: [], charts: [] };
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1200, height: 900 });
  await page.setRequestInterception(true);
  page.on("request", (request) => {
    result.requests.push(request.url());
    // Only the page itself may load: anything else is refused and reported.
    if (request.url() === url) request.continue();
    else request.abort();
  });
  page.on("console", (message) => {
    if (message.type() === "error") result.console_errors.push(message.text());
  });
  page.on("pageerror", (error) => result.page_errors.push(String(error)));
  const url = pathToFileURL(page_path).href;
  await page.goto(url, { waitUntil: "load" });
  result.title = await page.title();
  result.charts = await page.$$eval("svg.chart", (svgs) =>
    svgs.map((svg) => {
      const box = svg.getBoundingClientRect();
      return {
        label: svg.getAttribute("aria-labelledby"),
        title: svg.querySelector("title")?.textContent ?? "",
        width: box.width,
        height: box.height,
        shapes: svg.querySelectorAll("path, rect, use, text").length,
        table: svg.closest("figure")?.nextElementSibling?.querySelector("table") != null,
      };
    }),
  );
  await page.screenshot({ path: shot, fullPage: true });
  await page.emulateMediaType("print");
  await page.pdf({ path: pdf, format: "A4", printBackground: true });
  await page.emulateMediaType("screen");
  // axe-core is put into the page only now, after the page's own load was checked.
  await page.evaluate(axe);
  const found = await page.evaluate(async () => {
    const run = await window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
    });
    return run.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.length,
      first: v.nodes[0]?.html.slice(0, 200),
    }));
  });
  result.axe = found;
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(result));
