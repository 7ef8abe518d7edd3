// Classrooms and the bugs met on the way: links that carry weights (bit for bit), links that
// hide parts or present one panel, Reset after the article's preset, a new activation keeping
// the weights, the article's loop moving the epoch, sliders that follow after a drag, the
// spiral hint.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useBrowser, openPage, shot, clickNeuron } from "./harness.mjs";

const env = useBrowser();
// Every view has drawn what the last action changed (the loop may spread views over frames).
const frame = (page) => page.evaluate(() => playground.settled());
const params = (page) => page.evaluate(() => Array.from(playground.pg.params()));
const sameBits = (a, b) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

test("#share-weights puts a link with the exact weights into #share-link; opening it gives them bit for bit", async () => {
  const { page, errors } = await openPage(env.browser, env.url + "/#lang=en&dataset=spiral&hidden=6,4&seed=9&optimizer=adam&learningRate=0.01");
  await page.selectOption("#speed", "max");
  await page.click("#play");
  await page.waitForFunction(() => playground.pg.metrics().epoch > 200);
  await page.click("#play");
  const trained = await params(page);
  await page.click("#share-weights");
  const link = await page.inputValue("#share-link");
  assert.ok(await page.isVisible("#share-link"));
  assert.match(link, /[#&]w=[A-Za-z0-9_-]+/);
  const w = link.match(/[#&]w=([A-Za-z0-9_-]+)/)[1];
  assert.equal(w.length, Math.ceil(((trained.length * 8 + 4) * 4) / 3), "compact: 8 bytes a weight and a 4-byte checksum in base64url");
  // Another browser (no saved session) opens the link.
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 900 } });
  const other = await context.newPage();
  await other.goto(link);
  await other.waitForFunction(() => document.body.classList.contains("ready"));
  assert.ok(sameBits(await params(other), trained), "the same weights, to the bit");
  // Its epoch count starts at 0 (the run was elsewhere): the page says why.
  assert.match(await other.textContent("#notice-text"), /from a shared link.*start here, at 0/);
  assert.deepEqual(await other.evaluate(() => playground.pg.config().hidden), [6, 4]);
  // A damaged link says so and keeps a working run.
  await other.goto(link.replace(/w=[A-Za-z0-9_-]{8}/, "w=!!!!"));
  await other.waitForFunction(() => document.body.classList.contains("ready"));
  assert.ok(await other.isVisible("#notice"));
  assert.match(await other.textContent("#notice-text"), /could not be used \(its w= part is damaged.*\); the run starts from its own/);
  await context.close();
  assert.deepEqual(errors, []);
  await page.close();
});

test("a link hides parts of the page and presents one panel in large type", async () => {
  const { page, errors } = await openPage(env.browser, env.url + "/#lang=en&hide=features,optimizer,files");
  assert.ok(await page.isHidden("#features"));
  assert.ok(await page.isHidden("#optimizer"));
  assert.ok(await page.isHidden("#export-csv"));
  assert.ok(await page.isVisible("#learning-rate"), "what the link does not hide stays");
  // A part the page does not know is named; the known ones still apply (a fresh page: a reload
  // would open the link as this page rewrote it).
  const { page: fresh } = await openPage(env.browser, env.url + "/#lang=en&hide=everything,data");
  assert.ok(await fresh.isHidden("#datasets"), "data is hidden");
  assert.match(await fresh.textContent("#notice-text"), /everything: not one of data, features.*; data used/);
  await fresh.close();
  await page.goto(env.url + "/#lang=en&present=output");
  await page.reload();
  await page.waitForFunction(() => document.body.classList.contains("ready"));
  assert.ok(await page.isVisible("#boundary"));
  assert.ok(await page.isHidden("#network"));
  const w = await page.evaluate(() => document.getElementById("boundary").getBoundingClientRect().width);
  assert.ok(w > 500, `the output is large: ${w} px`);
  // The loss chart too, drawn at its new size (not a 360-pixel bitmap stretched): its bitmap
  // has a pixel for each of the screen's (the panel is zoomed to fit the screen).
  const chart = await page.evaluate(() => { const c = document.getElementById("loss-chart"); return [c.width, c.getBoundingClientRect().width]; });
  assert.ok(chart[1] > 360 && Math.abs(chart[0] - chart[1]) <= 1, `the chart's bitmap ${chart[0]} px for ${chart[1]} px on the screen`);
  await shot(page, "classroom-present-output");
  assert.deepEqual(errors, []);
  await page.close();
});

test("editing the link's view keys keeps the run; presenting follows the view; a link that hides every panel says so", async () => {
  const { page, errors } = await openPage(env.browser, env.url + "/#lang=en&dataset=xor&hidden=3&seed=4");
  for (let i = 0; i < 3; i++) await page.click("#step");
  await frame(page);
  const before = { epoch: await page.evaluate(() => playground.pg.metrics().epoch), params: await params(page) };
  assert.ok(before.epoch >= 3);
  const edit = (key, value) => page.evaluate(([k, v]) => {
    const h = location.hash;
    location.hash = new RegExp(`[#&]${k}=`).test(h) ? h.replace(new RegExp(`([#&]${k}=)[^&]*`), `$1${v}`) : `${h}&${k}=${v}`;
  }, [key, value]);
  // A teacher hides a part and presents the output by editing the address bar: the run stays.
  await edit("hide", "features");
  await page.waitForFunction(() => document.body.classList.contains("hide-features"));
  await edit("present", "network");
  await page.waitForFunction(() => document.body.dataset.present === "network");
  await frame(page);
  assert.equal(await page.evaluate(() => playground.pg.metrics().epoch), before.epoch, "the epoch stays");
  assert.ok(sameBits(await params(page), before.params), "the weights stay");
  assert.ok(await page.isHidden("#features"));
  // The link with the weights can still be made: its button goes with the presented panel.
  assert.ok(await page.isVisible("#share-weights"), "share while presenting the network");
  // Presenting the network, the graph view presents the graph (not an empty page), and back.
  await page.click("#view-graph");
  await page.waitForFunction(() => document.body.dataset.present === "graph");
  assert.ok(await page.isVisible("#graph"));
  assert.ok(await page.isVisible("#share-weights"), "share while presenting the graph");
  assert.match(await page.evaluate(() => location.hash), /present=graph/);
  await page.click("#view-network");
  await page.waitForFunction(() => document.body.dataset.present === "network");
  assert.ok(await page.isVisible("#network"));
  // A link that hides every panel names what it hides.
  await edit("present", "none");
  await page.waitForFunction(() => !document.body.dataset.present);
  assert.ok(await page.evaluate(() => document.querySelector(".panel.output").contains(document.getElementById("share-weights"))), "back in the output panel");
  await edit("hide", "data,network,output,inspector");
  await page.waitForFunction(() => /hides every panel/.test(document.getElementById("notice-text").textContent));
  assert.match(await page.textContent("#notice-text"), /hide=data,network,output,inspector/);
  assert.equal(await page.evaluate(() => playground.pg.metrics().epoch), before.epoch, "the epoch stays");
  assert.deepEqual(errors, []);
  await page.close();
});

test("a reload and a link open where the learner was: the graph view, the sample, the step, its layout and the speed", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  const ready = () => page.waitForFunction(() => document.body.classList.contains("ready"));
  await page.goto(env.url + "/#lang=en&dataset=xor&hidden=3&seed=4");
  await ready();
  const place = () =>
    page.evaluate(() => ({
      graph: document.getElementById("layout").classList.contains("graph-view"),
      pressed: document.getElementById("view-graph").getAttribute("aria-pressed"),
      step: document.getElementById("insp-stepno").textContent,
      primitives: document.getElementById("primitives").checked,
      speed: document.getElementById("speed").value,
      sample: playground.sample,
      x1: document.getElementById("insp-x1").value,
    }));
  assert.equal((await place()).graph, false, "a first visit opens at the network");
  await page.selectOption("#speed", "slow");
  await page.evaluate(() => playground.setSample({ x1: 0.5, x2: -0.25, label: 1 }));
  await page.check("#primitives");
  for (let i = 0; i < 6; i++) await page.click("#insp-next");
  await frame(page);
  const was = await place();
  assert.deepEqual(was, { graph: true, pressed: "true", step: was.step, primitives: true, speed: "slow", sample: { x1: 0.5, x2: -0.25, label: 1 }, x1: "0.5" });
  assert.match(was.step, /^step 7 of \d+$/);
  assert.match(await page.evaluate(() => location.hash), /&speed=slow&view=graph&sample=0\.5%2C-0\.25%2C1&step=7&primitives=true/);
  // A reload comes back to the same place (saving runs at most once a second).
  await page.waitForTimeout(1500);
  await page.reload();
  await ready();
  await frame(page);
  assert.deepEqual(await place(), was, "after a reload");
  // The link, opened by someone else (no saved session), opens there too.
  const link = await page.evaluate(() => location.href);
  const other = await env.browser.newContext({ viewport: { width: 1400, height: 900 } });
  const theirs = await other.newPage();
  await theirs.goto(link);
  await theirs.waitForFunction(() => document.body.classList.contains("ready"));
  await theirs.evaluate(() => playground.settled());
  assert.deepEqual(await theirs.evaluate(() => ({ step: document.getElementById("insp-stepno").textContent, sample: playground.sample })), { step: was.step, sample: was.sample });
  // A sample this task cannot take (XOR has classes 0 and 1) is named, and none is traced.
  await theirs.goto(env.url + "/#lang=en&dataset=xor&hidden=3&seed=4&view=graph&sample=0.5,-0.25,7");
  await theirs.waitForFunction(() => document.body.classList.contains("ready"));
  assert.match(await theirs.textContent("#notice-text"), /sample="0\.5,-0\.25,7": label: 7 is not a class/);
  assert.notDeepEqual(await theirs.evaluate(() => playground.sample), was.sample, "the graph traces the first point instead");
  // The open panels too: a neuron's weights and the loss landscape of two of them.
  await page.click("#view-network");
  await clickNeuron(page, 1, 2);
  await page.click('#weights-body [data-landscape="W1[0][2]"]');
  await page.click('#weights-body [data-landscape="b1[2]"]');
  await frame(page);
  const panels = () =>
    page.evaluate(() => ({
      weights: !document.getElementById("weights").hidden && document.getElementById("weights-title").textContent,
      landscape: playground.landscape()?.picks ?? null,
      pressed: [...document.querySelectorAll('#weights-body [data-landscape][aria-pressed="true"]')].map((b) => b.dataset.landscape),
    }));
  const open = await panels();
  assert.deepEqual(open.landscape, ["W1[0][2]", "b1[2]"]);
  assert.ok(open.weights, "the weight panel is open");
  assert.match(await page.evaluate(() => location.hash), /&neuron=1%2C2&landscape=W1%5B0%5D%5B2%5D%2Cb1%5B2%5D/);
  await page.waitForTimeout(1500);
  await page.reload();
  await ready();
  await frame(page);
  assert.deepEqual(await panels(), open, "after a reload the same panels are open");
  await other.close();
  await context.close();
  assert.deepEqual(errors, []);
});

test("Reset after the article's preset returns to it; a new activation keeps the weights; the article's loop moves the epoch", async () => {
  const { page, errors } = await openPage(env.browser, env.url + "/#lang=en", { width: 1400, height: 900 });
  await page.click("#article-preset");
  const article = await params(page);
  await page.click("#step");
  assert.ok(!sameBits(await params(page), article), "a step moved the weights");
  await page.click("#reset");
  assert.ok(sameBits(await params(page), article), "Reset returns to the article's weights");
  await page.selectOption("#activation", "sigmoid");
  assert.equal(await page.evaluate(() => playground.pg.config().activation), "sigmoid");
  assert.ok(sameBits(await params(page), article), "switching the activation keeps the weights");
  await page.selectOption("#activation", "relu");
  await page.click("#insp-train");
  await frame(page);
  assert.equal(await page.textContent("#epoch"), "100", "100 steps of the article's loop show as 100");
  assert.deepEqual(errors, []);
  await page.close();
});

test("after dragging a weight slider while training, the slider follows the weight again", async () => {
  const { page, errors } = await openPage(env.browser, env.url + "/#lang=en&dataset=circle&hidden=3&seed=9");
  const node = await page.evaluate(() => playground.nodeCenter(1, 0));
  const box = await page.locator("#network").boundingBox();
  await page.mouse.click(box.x + node.x, box.y + node.y);
  const slider = page.locator('#weights-body input[type="range"][data-param="W1[0][0]"]');
  await slider.waitFor();
  await page.selectOption("#speed", "max");
  await page.click("#play");
  const s = await slider.boundingBox();
  await page.mouse.move(s.x + s.width * 0.5, s.y + s.height / 2);
  await page.mouse.down();
  await page.mouse.move(s.x + s.width * 0.7, s.y + s.height / 2, { steps: 4 });
  await page.mouse.up();
  await page.waitForTimeout(800); // training moves the weight on
  await page.click("#play");
  await frame(page);
  const w = await page.evaluate(() => playground.pg.param("W1[0][0]"));
  assert.ok(Math.abs(Number(await slider.inputValue()) - w) <= 0.0005, `slider ${await slider.inputValue()} vs weight ${w}`);
  // The next arrow key moves on from there, not from the released value.
  await slider.focus();
  await page.keyboard.press("ArrowRight");
  const w2 = await page.evaluate(() => playground.pg.param("W1[0][0]"));
  assert.ok(Math.abs(w2 - (w + 0.01)) < 1e-6, `one arrow step of 0.01: ${w} → ${w2}`);
  assert.deepEqual(errors, []);
  await page.close();
});

test("a stalled spiral gets a hint that gets it learned", async () => {
  const { page, errors } = await openPage(env.browser, env.url + "/#lang=en&dataset=spiral&seed=3");
  await page.selectOption("#speed", "max");
  await page.click("#play");
  await page.waitForFunction(() => playground.pg.metrics().epoch >= 300, null, { timeout: 60000 });
  await page.waitForSelector("#hint-box:not([hidden])");
  // (Batches of one, as after the article's example, are set back to ten.)
  await page.$eval("#batch-size", (r) => ((r.value = "1"), r.dispatchEvent(new Event("input", { bubbles: true })), r.dispatchEvent(new Event("change", { bubbles: true }))));
  assert.equal((await page.evaluate(() => playground.pg.config())).batchSize, 1);
  await page.click("#hint-apply");
  const c = await page.evaluate(() => playground.pg.config());
  assert.equal(c.batchSize, 10);
  assert.deepEqual(c.features, ["x1", "x2", "sin(x1)", "sin(x2)"]);
  assert.deepEqual(c.hidden, [8, 8, 5]);
  assert.equal(c.optimizer, "adam");
  await page.waitForFunction(() => playground.pg.metrics().trainAccuracy > 0.9, null, { timeout: 90000 });
  await page.click("#play");
  await shot(page, "classroom-spiral-hint");
  assert.deepEqual(errors, []);
  await page.close();
});

test("Start over can be undone while its notice is up; ?lang=ja opens in Japanese", async () => {
  const { page, errors } = await openPage(env.browser, env.url + "/#lang=en&dataset=xor&hidden=3&seed=4&learningRate=0.1");
  await page.evaluate(() => playground.pg.step(50));
  await page.click("#step");
  await frame(page);
  const before = await params(page);
  const hash = await page.evaluate(() => location.hash);
  await page.click("#start-over");
  await frame(page);
  assert.equal(await page.evaluate(() => playground.pg.metrics().epoch), 0);
  assert.notDeepEqual(await params(page), before);
  await page.click("#undo-start-over");
  await frame(page);
  assert.ok(sameBits(await params(page), before), "the weights are back, to the bit");
  assert.equal(await page.evaluate(() => playground.pg.metrics().epoch), 51, "and the run's epoch");
  assert.equal(await page.evaluate(() => location.hash), hash, "and its settings");
  assert.deepEqual(errors, []);
  // The language from the query, as many sites write it (the fragment's lang= still wins).
  const { page: ja } = await openPage(env.browser, env.url + "/?lang=ja");
  assert.equal(await ja.getAttribute("html", "lang"), "ja");
  assert.equal(await ja.textContent("#play"), "▶ 学習");
  await ja.close();
  await page.close();
});

test("panels and links say what they could not open, Start over closes them and hands the focus to Undo, the target follows the language, the loop compares with the article only from its weights, the landscape moves by keyboard", async () => {
  const { page, errors } = await openPage(env.browser, env.url + "/#lang=en&dataset=xor&hidden=3&seed=4&neuron=1,7&landscape=W1[0][9],b1[0]", { width: 1400, height: 900 });
  const text = await page.textContent("#notice-text");
  assert.match(text, /neuron="1,7": this 2-3-2 network has no such neuron/);
  assert.match(text, /landscape="W1\[0\]\[9\]": this network has no such weight/);
  assert.deepEqual((await page.evaluate(() => playground.landscape()))?.picks, ["b1[0]"], "the weight that exists is shown");
  // A sample the task cannot take, in the graph view: the first point is traced instead, and
  // the notice says so (not "the default").
  await page.goto(env.url + "/#lang=en&dataset=xor&hidden=3&seed=4&view=graph&sample=5,1,7");
  await page.waitForFunction(() => /first training point is traced instead/.test(document.getElementById("notice-text").textContent));
  assert.doesNotMatch(await page.textContent("#notice-text"), /default/);
  // The target's choices follow the language.
  await page.click('[data-lang="ja"]');
  assert.deepEqual(await page.$$eval("#insp-label option", (os) => os.map((o) => o.textContent)), ["クラス0", "クラス1"]);
  await page.click('[data-lang="en"]');
  // Start over: the weight panel closes, the focus is on Undo; Undo gives it back to Start over.
  await page.click("#view-network");
  await clickNeuron(page, 1, 1);
  assert.ok(await page.isVisible("#weights"));
  await page.click("#start-over");
  await frame(page);
  assert.ok(await page.isHidden("#weights"), "Start over closes the weight panel");
  assert.doesNotMatch(await page.evaluate(() => location.hash), /neuron=\d/);
  assert.equal(await page.evaluate(() => document.activeElement?.id), "undo-start-over");
  await page.keyboard.press("Enter");
  await frame(page);
  assert.equal(await page.evaluate(() => document.activeElement?.id), "start-over");
  assert.ok(await page.isVisible("#weights"), "Undo opens it again");
  // The article's loop from other weights than the article's: no comparison with its table.
  await page.click("#article-open");
  await page.click("#step");
  await page.click("#insp-train");
  assert.match(await page.textContent("#insp-train-out"), /began from other weights/);
  assert.equal(await page.locator("#insp-train-out .printed").count(), 0);
  // The landscape's point moves by keyboard.
  await page.click("#view-network");
  await clickNeuron(page, 1, 0);
  await page.click('#weights-body [data-landscape="W1[0][0]"]');
  await page.click('#weights-body [data-landscape="W1[1][0]"]');
  await frame(page);
  const before = await page.evaluate(() => [playground.pg.param("W1[0][0]"), playground.pg.param("W1[1][0]")]);
  await page.focus("#landscape-canvas");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowUp");
  const after = await page.evaluate(() => [playground.pg.param("W1[0][0]"), playground.pg.param("W1[1][0]")]);
  assert.ok(Math.abs(after[0] - before[0] - 0.05) < 1e-9 && Math.abs(after[1] - before[1] - 0.05) < 1e-9, `${before} → ${after}`);
  assert.deepEqual(errors, []);
  await page.close();
});
