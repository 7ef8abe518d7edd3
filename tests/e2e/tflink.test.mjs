// TF Playground's links open the same run here: its keys translated (percentages, feature
// flags, the regression sets), what has no equivalent named in a notice, and the page's own
// link written after. Pasted whole into the box, or as the fragment.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useBrowser, openPage, shot } from "./harness.mjs";

const env = useBrowser();

const TF =
  "activation=relu&batchSize=20&dataset=xor&regDataset=reg-plane&learningRate=0.01&regularizationRate=0.3&noise=25&networkShape=5,3&seed=0.12345&showTestData=true&discretize=true&percTrainData=70&x=true&y=true&xTimesY=true&xSquared=false&ySquared=false&cosX=true&sinX=true&cosY=false&sinY=false&collectStats=false&problem=classification&initZero=false&hideText=false&regularization=L2";

const config = (page) => page.evaluate(() => playground.pg.config());

test("a TF Playground fragment opens the same network, data and settings, naming what is left out", async () => {
  const { page, errors } = await openPage(env.browser, env.url + "/#" + TF + "&lang=en");
  assert.deepEqual(await page.evaluate(() => playground.sizes), [4, 5, 3, 2]);
  const c = await config(page);
  assert.equal(c.dataset, "xor");
  assert.equal(c.activation, "relu");
  assert.equal(c.noise, 0.25, "TF's noise is a percentage");
  assert.equal(c.trainRatio, 0.7, "and so is its share of training data");
  assert.equal(c.learningRate, 0.01);
  assert.equal(c.batchSize, 20);
  assert.equal(c.regularization, "l2");
  assert.equal(c.regularizationRate, 0.3);
  assert.deepEqual(c.features, ["x1", "x2", "x1*x2", "sin(x1)"]);
  assert.ok(await page.isChecked("#show-test"), "test data shown, as TF showTestData says");
  const note = await page.textContent("#notice-text");
  assert.match(note, /cosX/, "cosX has no equivalent here and is named");
  assert.doesNotMatch(note, /sinX|percTrainData|networkShape/, "what was carried over is not named");
  // The address now holds this page's keys, so a reload or a share gives the same run.
  await page.waitForFunction(() => location.hash.includes("hidden=5%2C3"));
  assert.doesNotMatch(await page.evaluate(() => location.hash), /networkShape/);
  // The same TF seed gives the same data each time.
  const { page: again } = await openPage(env.browser, env.url + "/#" + TF);
  assert.equal((await config(again)).seed, c.seed);
  assert.deepEqual(await again.evaluate(() => Array.from(playground.points).slice(0, 12)), await page.evaluate(() => Array.from(playground.points).slice(0, 12)));
  await again.close();
  assert.deepEqual(errors, []);
  await page.close();
});

test("TF Playground's regression sets and a regularization rate of 10", async () => {
  const { page } = await openPage(env.browser, env.url + "/#networkShape=3&problem=regression&regDataset=reg-gauss&regularization=L1&regularizationRate=10&x=true&y=true");
  const c = await config(page);
  assert.equal(c.dataset, "bumps");
  assert.equal(c.regularization, "l1");
  assert.equal(c.regularizationRate, 10);
  assert.deepEqual(await page.evaluate(() => playground.sizes), [2, 3, 1]);
  await page.close();
});

test("a TF Playground address pasted into the box opens its run; other text is refused with a message", async () => {
  const { page, errors } = await openPage(env.browser, env.url + "/#dataset=circle&lang=ja");
  await page.fill("#tf-link", "https://playground.tensorflow.org/#dataset=spiral&networkShape=8,8,4&activation=tanh&x=true&y=true&sinX=true&sinY=true");
  await page.click("#tf-open");
  await page.waitForFunction(() => playground.sizes.join() === "4,8,8,4,2");
  assert.equal((await config(page)).dataset, "spiral");
  await page.locator("#tf-link").scrollIntoViewIfNeeded();
  await shot(page, "tf-link-opened-ja");
  await page.fill("#tf-link", "https://example.com/#dataset=xor");
  await page.click("#tf-open");
  assert.match(await page.textContent("#notice-text"), /TF Playground のリンクではありません/);
  assert.equal(await page.getAttribute("#tf-link", "aria-invalid"), "true");
  assert.equal((await config(page)).dataset, "spiral", "nothing changed");
  assert.deepEqual(errors, []);
  await page.close();
});
