// `just lighthouse` (part of `just bench`): Lighthouse 12.8 (npm) with Debian's Chromium on the
// release build in dist/, desktop and mobile, and the floor (an empty page, mobile). Prints the category scores (performance, accessibility, best practices, SEO) and the first-second
// figures (CLS, LCP, TBT, the longest task). Figures, not tests: a busy machine lowers them.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { serve } from "../e2e/harness.mjs";

const here = path.dirname(new URL(import.meta.url).pathname);
const bin = path.join(here, "node_modules/.bin/lighthouse");
const { server, url } = await serve();
// The floor: what Lighthouse's mobile run finds on this machine for a page of a heading and a
// paragraph, no script, no style sheet. Its long tasks (Chromium's own start: the navigation's
// commit, the first layout and paint) are the part of the page's that no page can remove.
const FLOOR = '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>An empty page</title></head><body><h1>An empty page</h1><p>Lighthouse\'s floor on this machine.</p></body></html>';
const floor = http.createServer((_req, res) => res.writeHead(200, { "content-type": "text/html" }).end(FLOOR));
await new Promise((resolve) => floor.listen(0, "127.0.0.1", resolve));
const rows = [];
try {
  for (const form of (process.env.LH_FORMS ?? "desktop,mobile,floor").split(",")) {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lh-")), "report.json");
    const args = [
      form === "floor" ? `http://127.0.0.1:${floor.address().port}/` : url + "/",
      "--chrome-path=/usr/bin/chromium",
      "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync",
      "--only-categories=performance,accessibility,best-practices,seo",
      "--output=json",
      `--output-path=${out}`,
      "--quiet",
      ...(form === "desktop" ? ["--preset=desktop"] : []),
    ];
    // Asynchronously: the static server runs in this process and must keep answering.
    await promisify(execFile)(bin, args, { maxBuffer: 64 << 20 });
    const r = JSON.parse(fs.readFileSync(out, "utf8"));
    const score = (c) => Math.round(r.categories[c].score * 100);
    const audit = (a) => r.audits[a]?.displayValue ?? "–";
    const tasks = r.audits["long-tasks"]?.details?.items ?? [];
    const longest = tasks.reduce((m, t) => Math.max(m, t.duration ?? 0), 0);
    // What keeps a category from 100: the failing audits that weigh in it.
    for (const c of ["accessibility", "best-practices", "seo"]) {
      const failing = r.categories[c].auditRefs.filter((a) => a.weight > 0 && r.audits[a.id].score !== null && r.audits[a.id].score < 1).map((a) => a.id);
      if (failing.length) console.log(`${form} ${c}: ${failing.join(", ")}`);
    }
    if (tasks.length) console.log(`${form} long tasks: ` + tasks.map((t) => `${Math.round(t.duration)} ms at ${Math.round(t.startTime)} ms (${String(t.url).split("/").pop() || "—"})`).join("; "));
    rows.push([form === "floor" ? "floor (empty page, mobile)" : form, score("performance"), score("accessibility"), score("best-practices"), score("seo"), audit("cumulative-layout-shift"), audit("largest-contentful-paint"), audit("total-blocking-time"), `${Math.round(longest)} ms`]);
  }
} finally {
  server.close();
  floor.close();
}
const w = Math.max(9, ...rows.map((r) => r[0].length));
console.log("form".padEnd(w) + " perf  a11y  best   seo  CLS     LCP      TBT      longest task");
for (const r of rows) console.log(`${r[0].padEnd(w)} ${String(r[1]).padStart(4)}  ${String(r[2]).padStart(4)}  ${String(r[3]).padStart(4)}  ${String(r[4]).padStart(4)}  ${r[5].padEnd(7)} ${r[6].padEnd(8)} ${r[7].padEnd(8)} ${r[8]}`);
