// The animation loop's schedule (web/js/loop.js), driven frame by frame in node with made-up
// frame times: while training on time, each view is drawn as often as it asks; once frames keep
// coming late (a slow phone), the output is still drawn every frame while the other views slow
// down to their `lateEvery` and take turns; back on time, the first schedule returns.
import { test } from "node:test";
import assert from "node:assert/strict";
import { startLoop, PACE } from "../../web/js/loop.js";

// The loop's clock is the frames' made-up time (its drawing budget reads performance.now():
// a real clock would let a busy machine move a view to the next frame).
let clock = 0;
Object.defineProperty(performance, "now", { value: () => clock, configurable: true });

/** The loop over views that note the frames they are drawn in; `run(n, ms)` plays n frames
 * `ms` apart and returns, per view name, the frame indices (from 0 for the first of them).
 * The "frames" are calls made here, their times made up: no assertion below reads a clock, a
 * duration or a rate, only which of these calls drew which view. `busyMs`: each drawing also
 * spends that much real time (a busy machine). */
function loopOver(specs, busyMs = 0) {
  let callback = null;
  globalThis.requestAnimationFrame = (cb) => {
    callback = cb;
    return 1;
  };
  const listeners = [];
  let trained = 0;
  const app = {
    playing: true,
    on: (f) => listeners.push(f),
    // Every frame's training changes the weights: every view has something new to draw.
    trainFrame: () => {
      trained++;
      listeners.forEach((f) => f(new Set(["params"])));
    },
  };
  let frame = 0;
  const drawn = {};
  const busy = () => {
    for (const until = Date.now() + busyMs; Date.now() < until; );
  };
  const views = Object.entries(specs).map(([name, spec]) => ({ ...spec, render: () => (busy(), (drawn[name] ??= []).push(frame)) }));
  startLoop(app, views, () => ({ boundary: null }));
  return {
    trained: () => trained,
    views: Object.fromEntries(Object.keys(specs).map((k, i) => [k, views[i]])),
    run(n, ms) {
      for (const k in drawn) delete drawn[k];
      for (frame = 0; frame < n; frame++) {
        clock += ms;
        const cb = callback;
        callback = null;
        cb(clock);
      }
      return Object.fromEntries(Object.keys(specs).map((k) => [k, drawn[k] ?? []]));
    },
  };
}

// The page's views, each at its pace (the weights standing for the tables).
const PAGE = { output: PACE.output, network: PACE.network, metrics: PACE.metrics, weights: PACE.tables };

test("on time, each view is drawn as often as it asks", () => {
  const loop = loopOver(PAGE);
  const d = loop.run(80, 1000 / 60);
  assert.equal(d.output.length, 80);
  assert.equal(d.metrics.length, 80);
  assert.equal(d.weights.length, 40);
  assert.equal(d.network.length, 20);
  // The network's frames are its own: no 30 Hz view shares them.
  assert.deepEqual(
    d.network.filter((f) => d.weights.includes(f)),
    [],
  );
  assert.equal(loop.trained(), 80);
});

test("with frames late, the output keeps every frame and the other views slow down, taking turns", () => {
  const loop = loopOver(PAGE);
  loop.run(30, 1000 / 60);
  loop.run(60, 1000 / 30); // frames keep coming late
  const d = loop.run(80, 1000 / 30);
  assert.equal(d.output.length, 80, "the boundary, what the learner watches, keeps its pace");
  assert.equal(d.metrics.length, 40);
  assert.equal(d.weights.length, 20);
  assert.equal(d.network.length, 10);
  const slowed = [d.metrics, d.weights, d.network];
  for (let i = 0; i < slowed.length; i++)
    for (let j = i + 1; j < slowed.length; j++) assert.deepEqual(slowed[i].filter((f) => slowed[j].includes(f)), [], "no two slowed views in one frame");
  // Training goes on in every frame.
  assert.equal(loop.trained(), 30 + 60 + 80);
});

test("back on time, the views return to their pace", () => {
  const loop = loopOver(PAGE);
  loop.run(90, 1000 / 30);
  // The late share decays over a few seconds of frames on time.
  loop.run(600, 1000 / 60);
  const d = loop.run(80, 1000 / 60);
  assert.equal(d.metrics.length, 80);
  assert.equal(d.weights.length, 40);
  assert.equal(d.network.length, 20);
});

test("a view whose canvas was cleared (urgent) is drawn in the next frame, whatever its pace", () => {
  const loop = loopOver(PAGE);
  loop.run(90, 1000 / 30); // late: the network every eighth frame
  let d = loop.run(3, 1000 / 30);
  const before = d.network.length;
  loop.views.network.urgent = true;
  d = loop.run(1, 1000 / 30);
  assert.deepEqual(d.network, [0], `drawn in the next frame (${before} in the 3 before)`);
  assert.equal(loop.views.network.urgent, false);
  // Then at its pace again.
  d = loop.run(16, 1000 / 30);
  assert.equal(d.network.length, 2);
});

test("the schedule is the same however long the machine takes to draw", () => {
  // Each drawing spending 12 ms of real time (past the loop's 10 ms drawing budget, were it
  // read from a real clock) changes nothing: the loop's clock is the frames' own.
  const plays = [0, 12].map((busyMs) => {
    const loop = loopOver(PAGE, busyMs);
    loop.run(8, 1000 / 60);
    return loop.run(8, 1000 / 60);
  });
  assert.deepEqual(plays[1], plays[0]);
  assert.equal(plays[0].output.length, 8);
});
