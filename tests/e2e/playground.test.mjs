// The page as a learner uses it, in real Chromium: load, train, step, drag a weight, change the
// network and the data, share a link. Screenshots land in tests/e2e/screenshots/.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useBrowser, openPage, shot } from "./harness.mjs";

const env = useBrowser();

// Every view has drawn what the last action changed (the loop may spread views over frames).
const frame = (page) => page.evaluate(() => playground.settled());
const epoch = async (page) => Number(await page.textContent("#epoch"));
const boundaryPixels = (page) =>
  page.evaluate(() => {
    const c = document.getElementById("boundary");
    return Array.from(c.getContext("2d").getImageData(0, 0, c.width, c.height).data.filter((_, i) => i % 16 === 0));
  });
const differing = (a, b) => a.reduce((n, v, i) => n + (v !== b[i] ? 1 : 0), 0);

test("the page loads with no console error and draws the network and the boundary", async () => {
  const { page, errors } = await openPage(env.browser, env.url + "/");
  await frame(page);
  assert.deepEqual(errors, []);
  assert.equal(await epoch(page), 0);
  const px = await boundaryPixels(page);
  assert.ok(new Set(px).size > 20, "the boundary canvas is not blank");
  const sizes = await page.evaluate(() => playground.sizes);
  assert.deepEqual(sizes, [2, 4, 2, 2], "TF Playground's default network");
  await shot(page, "01-loaded");
  await page.close();
});

test("play trains: the epoch counts up and the train loss falls", async () => {
  const { page, errors } = await openPage(env.browser, env.url + "/#dataset=xor&hidden=4,4&seed=5&learningRate=0.03");
  const loss0 = Number(await page.textContent("#train-loss"));
  await page.click("#play");
  await page.waitForFunction(() => Number(document.getElementById("epoch").textContent) > 50, null, { timeout: 10000 });
  await page.waitForTimeout(1000);
  await page.click("#play");
  await frame(page);
  const e = await epoch(page);
  const loss1 = Number(await page.textContent("#train-loss"));
  assert.ok(e > 50, `epoch ${e}`);
  assert.ok(loss1 < loss0 / 2, `train loss ${loss0} → ${loss1}`);
  assert.equal(await page.getAttribute("#play", "aria-pressed"), "false");
  await page.waitForTimeout(200);
  assert.equal(await epoch(page), e, "paused means paused");
  const history = await page.evaluate(() => playground.history);
  assert.equal(history[0], 0, "the loss chart starts at epoch 0");
  assert.equal(history.at(-3), e, "and ends at the current epoch");
  assert.ok(Math.abs(history.at(-2) - loss1) <= Math.max(0.0005, loss1 * 0.01), "the chart's last train loss is the one shown");
  await shot(page, "02-trained-xor");
  assert.deepEqual(errors, []);
  await page.close();
});

test("step trains exactly one epoch", async () => {
  const { page } = await openPage(env.browser, env.url + "/#seed=2");
  const before = await epoch(page);
  const params0 = await page.evaluate(() => Array.from(playground.pg.params()));
  await page.click("#step");
  await frame(page);
  assert.equal(await epoch(page), before + 1);
  const params1 = await page.evaluate(() => Array.from(playground.pg.params()));
  assert.notDeepEqual(params1, params0, "the weights moved");
  await page.evaluate(() => document.activeElement.blur());
  await page.keyboard.press("ArrowRight");
  await frame(page);
  assert.equal(await epoch(page), before + 2, "→ steps too");
  await page.close();
});

test("dragging a weight slider changes that weight, the boundary and the loss", async () => {
  const { page, errors } = await openPage(env.browser, env.url + "/#dataset=circle&hidden=3&seed=9");
  await frame(page);
  // Click neuron 1 of hidden layer 1 on the network canvas, as a person would.
  const node = await page.evaluate(() => playground.nodeCenter(1, 0));
  const box = await page.locator("#network").boundingBox();
  await page.mouse.click(box.x + node.x, box.y + node.y);
  const slider = page.locator('#weights-body input[type="range"][data-param="W1[0][0]"]');
  await slider.waitFor();
  assert.ok(await page.isVisible("#weights"));
  const w0 = await page.evaluate(() => playground.pg.param("W1[0][0]"));
  const px0 = await boundaryPixels(page);
  const loss0 = await page.textContent("#train-loss");
  const s = await slider.boundingBox();
  // Drag the thumb from its place to 90% of the track.
  const min = Number(await slider.getAttribute("min"));
  const max = Number(await slider.getAttribute("max"));
  const at = s.x + ((w0 - min) / (max - min)) * s.width;
  await page.mouse.move(at, s.y + s.height / 2);
  await page.mouse.down();
  await page.mouse.move(s.x + s.width * 0.6, s.y + s.height / 2, { steps: 5 });
  await page.mouse.move(s.x + s.width * 0.9, s.y + s.height / 2, { steps: 5 });
  await page.mouse.up();
  await frame(page);
  const w1 = await page.evaluate(() => playground.pg.param("W1[0][0]"));
  assert.ok(Math.abs(w1 - w0) > 1, `W1[0][0] ${w0} → ${w1}`);
  assert.equal(Number(await slider.inputValue()), w1, "the slider shows the weight");
  const px1 = await boundaryPixels(page);
  assert.ok(differing(px0, px1) > 50, `boundary pixels changed: ${differing(px0, px1)}`);
  assert.notEqual(await page.textContent("#train-loss"), loss0, "the loss follows");
  // The number box sets it exactly; a bad value is refused and nothing changes.
  const num = page.locator('#weights-body input[data-param-number="W1[0][0]"]');
  await num.fill("0.25");
  await num.press("Enter");
  await frame(page);
  assert.equal(await page.evaluate(() => playground.pg.param("W1[0][0]")), 0.25);
  await num.fill("");
  await num.press("Enter");
  assert.equal(await page.evaluate(() => playground.pg.param("W1[0][0]")), 0.25);
  await shot(page, "03-weight-sliders");
  // While training, the sliders move with the weights.
  await page.click("#play");
  await page.waitForTimeout(600);
  await page.click("#play");
  await frame(page);
  const trained = await page.evaluate(() => playground.pg.param("W1[0][0]"));
  assert.notEqual(trained, 0.25);
  assert.ok(Math.abs(Number(await slider.inputValue()) - trained) < 1e-3, "slider followed training");
  assert.deepEqual(errors, []);
  await page.close();
});

test("adding a layer and a neuron adds nodes; the URL follows", async () => {
  const { page } = await openPage(env.browser, env.url + "/#hidden=4,2&seed=1");
  await page.click("#add-layer");
  await frame(page);
  assert.deepEqual(await page.evaluate(() => playground.sizes), [2, 4, 2, 2, 2]);
  await page.click('.neuron-group button[data-layer="3"][data-delta="1"]');
  await frame(page);
  assert.deepEqual(await page.evaluate(() => playground.sizes), [2, 4, 2, 3, 2]);
  assert.match(await page.evaluate(() => location.hash), /hidden=4%2C2%2C3/);
  assert.equal(await page.textContent("#layer-count"), "3 hidden layers");
  await page.click("#remove-layer");
  await frame(page);
  assert.deepEqual(await page.evaluate(() => playground.sizes), [2, 4, 2, 2]);
  await page.close();
});

test("changing the data set redraws the points", async () => {
  const { page } = await openPage(env.browser, env.url + "/#dataset=circle&seed=4");
  const p0 = await page.evaluate(() => Array.from(playground.points));
  const px0 = await boundaryPixels(page);
  await page.click('button.dataset[data-dataset="blobs4"]');
  await frame(page);
  const p1 = await page.evaluate(() => Array.from(playground.points));
  assert.notDeepEqual(p1, p0);
  assert.deepEqual([...new Set(p1.filter((_, i) => i % 4 === 2))].sort(), [0, 1, 2, 3], "four classes");
  assert.equal(await page.evaluate(() => playground.sizes.at(-1)), 4, "four outputs");
  assert.ok(differing(px0, await boundaryPixels(page)) > 100);
  assert.match(await page.evaluate(() => location.hash), /dataset=blobs4/);
  await shot(page, "04-four-classes");
  await page.click('button.dataset[data-dataset="bumps"]');
  await frame(page);
  assert.equal(await page.evaluate(() => playground.pg.classes()), 0, "regression");
  assert.ok(await page.isHidden("#acc-row"));
  await shot(page, "05-regression");
  await page.close();
});

test("a link reproduces the configuration and the run, also after a reload", async () => {
  const hash = "#dataset=spiral3&hidden=3,5&activation=relu&learningRate=0.1&optimizer=adam&batchSize=7&noise=0.1&seed=42&features=x1,x2,sin(x1)";
  const { page, errors } = await openPage(env.browser, env.url + "/" + hash);
  const read = () =>
    page.evaluate(() => ({
      config: playground.pg.config(),
      params: Array.from(playground.pg.params()),
      lr: document.getElementById("learning-rate").value,
      act: document.getElementById("activation").value,
      features: [...document.querySelectorAll("#features input:checked")].map((b) => b.value),
    }));
  const a = await read();
  assert.equal(a.config.dataset, "spiral3");
  assert.deepEqual(a.config.hidden, [3, 5]);
  assert.equal(a.config.learningRate, 0.1);
  assert.equal(a.config.optimizer, "adam");
  assert.equal(a.config.batchSize, 7);
  assert.equal(a.config.seed, 42);
  assert.deepEqual(a.features, ["x1", "x2", "sin(x1)"]);
  assert.equal(a.lr, "0.1");
  assert.equal(a.act, "relu");
  await page.reload();
  await page.waitForFunction(() => document.body.classList.contains("ready"));
  const b = await read();
  assert.deepEqual(b, a, "same config, same initial weights");
  assert.deepEqual(errors, []);
  await page.close();
});

test("bad values in the link are listed and replaced by defaults", async () => {
  const { page, errors } = await openPage(env.browser, env.url + "/#activation=constructor&learningRate=abc&hidden=9,9&dataset=spiral&__proto__=1");
  assert.ok(await page.isVisible("#notice"));
  const text = await page.textContent("#notice-text");
  for (const key of ["activation", "learningRate", "hidden"]) assert.match(text, new RegExp(key));
  const c = await page.evaluate(() => playground.pg.config());
  assert.equal(c.activation, "tanh");
  assert.equal(c.learningRate, 0.03);
  assert.equal(c.dataset, "spiral", "the good values are kept");
  await page.click("#notice-close");
  assert.ok(await page.isHidden("#notice"));
  assert.deepEqual(errors, []);
  await page.close();
});

test("a trained spiral with a neuron's sliders open (the README's screenshot)", async () => {
  const { page, errors } = await openPage(env.browser, env.url + "/#dataset=spiral&hidden=8,8,5&features=x1,x2,sin(x1),sin(x2)&optimizer=adam&learningRate=0.01&seed=3&showTest=true");
  await page.click("#play");
  await page.waitForFunction(() => playground.pg.metrics().testAccuracy > 0.9, null, { timeout: 30000 });
  await page.click("#play");
  const node = await page.evaluate(() => playground.nodeCenter(2, 1));
  const box = await page.locator("#network").boundingBox();
  await page.mouse.click(box.x + node.x, box.y + node.y);
  await page.locator("#weights-body input[type=range]").first().waitFor();
  await frame(page);
  assert.equal(await page.locator("#weights-body input[type=range]").count(), 9, "8 incoming weights and a bias");
  assert.ok(Number((await page.textContent("#test-acc")).replace("%", "")) > 90);
  await shot(page, "00-readme");
  assert.deepEqual(errors, []);
  await page.close();
});

test("slow motion's mini-batch count does not move the header (Japanese, 1400 px)", async () => {
  const { page, errors } = await openPage(env.browser, env.url + "/#lang=ja", { width: 1400, height: 900 });
  const height = () => page.evaluate(() => document.querySelector("header").offsetHeight);
  const before = await height();
  await page.selectOption("#speed", "batch");
  await page.click("#step");
  await page.evaluate(() => playground.settled());
  assert.match(await page.textContent("#batch-info"), /ミニバッチ 1\/\d+/);
  assert.equal(await height(), before, "the header keeps its height");
  assert.deepEqual(errors, []);
  await page.close();
});
