// Export as Python (NumPy): the button downloads the script of the current network, training
// points and settings; run with python3, it reproduces the page's numbers — the loss and
// gradient over the training points before training, and the weights after the page trains the
// same epochs from the same start. Needs python3 with NumPy (`just setup` installs it).
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { useBrowser, openPage, shot } from "./harness.mjs";

const env = useBrowser();

/** A python3 with NumPy: Debian's first (a pyenv shim earlier on PATH may lack NumPy). */
function python() {
  for (const p of ["/usr/bin/python3", "python3"]) {
    try {
      execFileSync(p, ["-c", "import numpy"], { stdio: "ignore" });
      return p;
    } catch {
      // try the next
    }
  }
  throw new Error("no python3 with NumPy: run `just setup` (it installs Debian's python3-numpy)");
}

/** Runs a script's text; returns its stdout. */
function runScript(text, name) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "backprop-py-")), name);
  fs.writeFileSync(file, text);
  return execFileSync(python(), [file], { encoding: "utf8", maxBuffer: 64 << 20 });
}

const lastJson = (out) => JSON.parse(out.trimEnd().split("\n").at(-1));

/** The result's numbers in the page's `params()` order: layer by layer, weights row by row,
 * then biases. */
const flat = (layers) => layers.flatMap((l) => [...l.weights.flat(), ...l.bias]);

/** The largest |a − b| / max(1, |b|). */
function worst(got, want) {
  assert.equal(got.length, want.length);
  return Math.max(...got.map((a, i) => Math.abs(a - want[i]) / Math.max(1, Math.abs(want[i]))));
}

async function download(page) {
  const [d] = await Promise.all([page.waitForEvent("download"), page.click("#export-python")]);
  return { name: d.suggestedFilename(), text: fs.readFileSync(await d.path(), "utf8") };
}

test("the downloaded script reproduces the page's loss, gradient and training", async () => {
  const hash = "#dataset=spiral3&points=120&hidden=4,3&activation=tanh&features=x1,x2,x1*x2,sin(x2)&learningRate=0.01&batchSize=7&optimizer=adam&regularization=l2&regularizationRate=0.001&seed=5&lang=en";
  const { page, errors } = await openPage(env.browser, env.url + "/" + hash);
  assert.equal(await page.evaluate(() => playground.pg.metrics().epoch), 0, "a fresh run");
  const { name, text } = await download(page);
  assert.equal(name, "backprop-network.py");
  assert.match(text, /^#!\/usr\/bin\/env python3\n/);
  assert.match(text, /def forward\(network, x, t\):/);
  assert.match(text, /--optimizer adam --l2 0\.001/, "the page's settings");
  assert.match(text, /epochs = 5\n/);
  assert.doesNotMatch(text, /article_backward/, "not the article's example");
  assert.match(await page.locator("#notice-text").textContent(), /trains 5 epochs/);

  const out = runScript(text, name);
  // Before training: the loss over the training points, as the page measures it.
  const before = Number(out.match(/error E \(mean over the rows\): (\S+)/)[1]);
  const trainLoss0 = await page.evaluate(() => playground.pg.metrics().trainLoss);
  assert.ok(Math.abs(before - trainLoss0) <= 1e-10 * Math.max(1, trainLoss0), `${before} vs ${trainLoss0}`);
  // After 5 epochs: the page trains the same epochs from the same start.
  const page5 = await page.evaluate(() => {
    const m = playground.pg.step(5);
    return { loss: m.trainLoss, params: Array.from(playground.pg.params()) };
  });
  const result = lastJson(out);
  const diff = worst([result.loss, ...flat(result.layers)], [page5.loss, ...page5.params]);
  assert.ok(diff <= 1e-8, `the script's trained weights differ from the page's by ${diff}`);

  // The gradient alone (epochs 0), against the page's gradient over the training points.
  const gradScript = await page.evaluate(() => playground.exportPython({ lang: "en", epochs: 0 }));
  const g = lastJson(runScript(gradScript, "grad.py"));
  const pageGrad = await page.evaluate(() => ({ g: Array.from(playground.pg.trainGradient()), loss: playground.pg.metrics().trainLoss }));
  const gdiff = worst([g.loss, ...flat(g.layers)], [pageGrad.loss, ...pageGrad.g]);
  assert.ok(gdiff <= 1e-10, `the script's gradient differs from the page's by ${gdiff}`);
  console.log(`page vs script: trained weights ${diff.toExponential(2)}, gradient ${gdiff.toExponential(2)}`);
  assert.deepEqual(errors, []);
  await page.close();
});

test("in Japanese, and for the article's example with its own loop", async () => {
  const { page, errors } = await openPage(env.browser, env.url + "/#dataset=gauss&hidden=3&activation=relu&seed=3&lang=ja");
  // The article's network, imported as a model file: its weights are the example's.
  const article = JSON.stringify({ format: "backprop-playground/model@1", features: ["x1", "x2"], activation: "relu", output: "softmax", layers: [{ weights: [[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]], bias: [0.1, 0.2, 0.3] }, { weights: [[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]], bias: [0.1, 0.2] }] });
  await page.setInputFiles("#import-model", { name: "article.json", mimeType: "application/json", buffer: Buffer.from(article) });
  await page.waitForFunction(() => playground.pg.param("W1[0][2]") === 0.5);
  assert.equal(await page.locator("#export-python").textContent(), "Python(NumPy)で書き出す");
  const { text } = await download(page);
  assert.match(text, /# 順伝播/, "comments in the page's language");
  assert.match(text, /np\.log\(y \+ 1e-7\)/, "the article's loop as it wrote it");
  assert.match(await page.locator("#notice-text").textContent(), /5 エポック/);
  const out = runScript(text, "article.py");
  assert.match(out, /##### 記事の表: ループ後のパラメータ #####/);
  assert.match(out, /\[\[0\.33765368 0\.6307148  0\.92377592\]/, "the article's table");
  // The last line is still real gradient descent, from the article's weights on the page's points.
  const result = lastJson(out);
  const trained = await page.evaluate(() => Array.from((playground.pg.step(5), playground.pg.params())));
  assert.ok(worst(flat(result.layers), trained) <= 1e-8);
  await shot(page, "python-export-ja");
  assert.deepEqual(errors, []);
  await page.close();
});

test("with no training points the page says why and downloads nothing", async () => {
  const { page, errors } = await openPage(env.browser, env.url + "/#dataset=xor&hidden=2&seed=2&lang=en");
  await page.click("#clear-data");
  let downloaded = false;
  page.on("download", () => (downloaded = true));
  await page.click("#export-python");
  await page.waitForFunction(() => /could not be written/.test(document.getElementById("notice-text").textContent));
  assert.match(await page.locator("#notice-text").textContent(), /could not be written \(there are no training rows\)/);
  assert.equal(downloaded, false);
  assert.deepEqual(errors, []);
  await page.close();
});

test("the lesson's §4 downloads the article's example as a script that prints the article's table", async () => {
  const { page, errors } = await openPage(env.browser, env.url + "/#view=lesson&lesson=4&lang=ja");
  const before = await page.evaluate(() => Array.from(playground.pg.params()));
  const [d] = await Promise.all([page.waitForEvent("download"), page.click("#lesson-python")]);
  assert.equal(d.suggestedFilename(), "backprop-article.py");
  const text = fs.readFileSync(await d.path(), "utf8");
  assert.match(text, /np\.log\(y \+ 1e-7\)/, "the article's own loop, as it wrote it");
  assert.match(text, /順伝播/, "comments in the page's language");
  const out = runScript(text, "article.py");
  // The article's printed table after its 100 updates (the core reproduces it to the digit).
  const a = await page.evaluate(() => playground.pg.constructor.articleExample());
  assert.ok(out.includes(a.printed[0].toFixed(8)), `W1[0][0] = ${a.printed[0].toFixed(8)} in the script's table`);
  // Its last line: 100 steps of plain gradient descent on the one sample, as the page computes them.
  const last = lastJson(out);
  const page100 = await page.evaluate(() => {
    const a = playground.pg.constructor.articleExample();
    const pg = new playground.pg.constructor({ ...a.config, batchSize: 1, learningRate: a.learningRate });
    pg.importCsv(`x1,x2,label,split\n${a.x[0]},${a.x[1]},${a.label},train\n`);
    pg.importModel(a.model);
    pg.step(a.steps);
    return Array.from(pg.params());
  });
  assert.ok(worst(flat(last.layers), page100) <= 1e-8, "the script's gradient descent is the page's");
  assert.deepEqual(await page.evaluate(() => Array.from(playground.pg.params())), before, "the learner's run is untouched");
  assert.deepEqual(errors, []);
  await page.close();
});
