// The picture first on a small laptop or a projector's 1280 × 720 (not presenting): the header's
// first row is one row, and the whole output is on the first screen beside the network, in both
// languages.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useBrowser, openPage, shot } from "./harness.mjs";

const env = useBrowser();

test("1280 × 720: the header's first row in one row; the whole output and the network's graph on the first screen (en, ja)", async () => {
  for (const lang of ["en", "ja"]) {
    const { page, errors } = await openPage(env.browser, env.url + `/#lang=${lang}&dataset=circle&hidden=4,2&seed=2`, { width: 1280, height: 720 });
    const box = (sel) => page.$eval(sel, (e) => e.getBoundingClientRect().toJSON());
    const row = await page.$$eval("header h1, #play, #view-graph, .lang-switch", (all) => all.map((e) => Math.round(e.getBoundingClientRect().top + e.getBoundingClientRect().height / 2)));
    assert.ok(Math.max(...row) - Math.min(...row) <= 4, `${lang}: the title, Train, the views and the language in one row (their middles at ${row})`);
    const out = await box("#boundary");
    const net = await box("#network");
    assert.ok(out.height > 300, `${lang}: the output is ${out.height} px tall`);
    assert.ok(out.top >= 0 && out.bottom <= 720, `${lang}: the output runs from ${out.top} to ${out.bottom} px`);
    assert.ok(net.bottom <= 720, `${lang}: the network's graph ends at ${net.bottom} px`);
    // The loss chart, lower on this short screen, is drawn at its box's size (not stretched).
    const chart = await page.$eval("#loss-chart", (c) => ({ h: c.height, w: c.width, box: c.getBoundingClientRect().toJSON() }));
    assert.ok(Math.abs(chart.h / chart.w - chart.box.height / chart.box.width) < 0.02, `${lang}: the chart's bitmap ${chart.w}×${chart.h} for its box ${chart.box.width}×${chart.box.height}`);
    await shot(page, `first-screen-1280-${lang}`);
    assert.deepEqual(errors, []);
    await page.close();
  }
});

test("the network's hint reads as sentences: spaces between its pieces in English, none in Japanese (、 and 。 of its own)", async () => {
  for (const [lang, want] of [
    ["en", "Colours: orange negative, blue positive; thickness ∝ |w|."],
    ["ja", "色:オレンジは負、青は正。太さは |w| に比例。"],
  ]) {
    const { page, errors } = await openPage(env.browser, env.url + `/#lang=${lang}`, { width: 1400, height: 900 });
    // The text as drawn: each visible piece with the space its ::before puts in front of it.
    const text = await page.$eval(".hint.sentences", (p) =>
      [...p.children]
        .filter((e) => e.offsetParent !== null)
        .map((e) => {
          const before = getComputedStyle(e, "::before").content;
          return (before === "none" || before === "normal" ? "" : JSON.parse(before)) + e.textContent;
        })
        .join("")
        .trim(),
    );
    assert.ok(text.endsWith(want), `${lang}: "${text}"`);
    if (lang === "ja") assert.ok(!/[。、] /.test(text), `ja: no space after 。 or 、: "${text}"`);
    else assert.ok(/\. Click/.test(text), `en: sentences apart: "${text}"`);
    assert.deepEqual(errors, []);
    await page.close();
  }
});
