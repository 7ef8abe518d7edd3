// `node tests/lighthouse/tasks.mjs` (part of `just lighthouse`): the page's load as Lighthouse's
// mobile run sees it — a 412×823 phone at DPR 1.75 with the CPU slowed 4× (DevTools throttling,
// a bit harsher than Lighthouse's simulated 4×) — and every main-thread task over 50 ms from the
// navigation on, each with the functions that took its time (a CPU profile), the browser's own
// work in it (a trace) and where the time itself went. It says *what* to split when Lighthouse
// reports a long task; figures, not a test (a busy machine lengthens every task).
// CPU_SLOWDOWN=1 LONG_MS=10 shows the same at full speed.
import { serve, launch } from "../e2e/harness.mjs";

const SLOW = Number(process.env.CPU_SLOWDOWN ?? 4);
const LONG_MS = Number(process.env.LONG_MS ?? 50);
const { server, url } = await serve();
const browser = await launch();
try {
  const context = await browser.newContext({ viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: SLOW });
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
  await cdp.send("Profiler.start");
  await browser.startTracing(page, { categories: ["toplevel", "devtools.timeline", "blink.user_timing"] });
  await page.goto(url + "/" + (process.argv[2] ?? ""));
  await page.waitForFunction(() => document.body.classList.contains("ready"), null, { timeout: 60000 });
  await page.waitForTimeout(3000);
  const { profile } = await cdp.send("Profiler.stop");
  const trace = JSON.parse((await browser.stopTracing()).toString());
  // The page's main thread, and its tasks (the trace and the profile share one clock, in µs).
  const TASK = "ThreadControllerImpl::RunTask";
  const main = trace.traceEvents.find((e) => e.name === "thread_name" && e.args?.name === "CrRendererMain");
  // From the page's navigation on (not the browser's own start).
  const nav = trace.traceEvents.filter((e) => e.name === "navigationStart" && String(e.args?.data?.documentLoaderURL ?? "").startsWith(url)).at(-1);
  const from = nav?.ts ?? 0;
  const tasks = trace.traceEvents.filter((e) => e.pid === main.pid && e.tid === main.tid && e.name === TASK && e.ph === "X" && e.ts >= from).map((e) => ({ start: e.ts, end: e.ts + e.dur, samples: [] }));
  // Samples in a row that are not idle make one burst (≈ one task); a burst's time is wall time.
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stack = (id) => {
    const s = [];
    for (let n = id; n !== undefined; n = parent.get(n)) s.push(byId.get(n).callFrame);
    return s.reverse().slice(1); // without (root)
  };
  let t = profile.startTime;
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i];
    const task = tasks.find((k) => k.start <= t && t <= k.end);
    task?.samples.push([id, profile.timeDeltas[i + 1] ?? 0]);
  });
  const bursts = tasks;
  const t0 = from || profile.startTime;
  const name = (f) => `${f.functionName || "(anonymous)"} ${f.url.split("/").pop()}:${f.lineNumber + 1}`;
  let longest = 0;
  for (const b of bursts) {
    const ms = (b.end - b.start) / 1000;
    longest = Math.max(longest, ms);
    if (ms < LONG_MS) continue;
    console.log(`\ntask at ${((b.start - t0) / 1000).toFixed(0)} ms after navigation: ${ms.toFixed(0)} ms`);
    // Inclusive time of each function on the stacks (counted once per sample).
    const incl = new Map();
    for (const [id, dt] of b.samples) {
      const seen = new Set();
      for (const f of stack(id)) {
        const k = name(f);
        if (seen.has(k)) continue;
        seen.add(k);
        incl.set(k, (incl.get(k) ?? 0) + dt / 1000);
      }
    }
    for (const [k, v] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP ?? 18))) console.log(`  ${v.toFixed(1).padStart(7)} ms  ${k}`);
    // And where the time itself went (the innermost frames).
    const self = new Map();
    for (const [id, dt] of b.samples) {
      const s = stack(id);
      const k = s.slice(-2).map(name).join(" ← ");
      self.set(k, (self.get(k) ?? 0) + dt / 1000);
    }
    // What the browser itself did in it (trace events inside the task, by their time).
    const inside = new Map();
    for (const e of trace.traceEvents) {
      if (e.pid !== main.pid || e.tid !== main.tid || e.ph !== "X" || e.name === TASK || e.ts < b.start || e.ts > b.end) continue;
      inside.set(e.name, (inside.get(e.name) ?? 0) + (e.dur ?? 0) / 1000);
    }
    console.log("  events: " + [...inside].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([k, v]) => `${k} ${v.toFixed(0)} ms`).join("; "));
    const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 5);
    console.log("  self: " + top.map(([k, v]) => `${v.toFixed(0)} ms ${k}`).join("; "));
  }
  console.log(`\nlongest task: ${longest.toFixed(0)} ms (CPU ${SLOW}× slower)`);
} finally {
  await browser.close();
  server.close();
}
