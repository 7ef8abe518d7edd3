// A module worker that draws the boundary picture on another core while the page trains: its
// own wasm instance holds a copy of the network (the same configuration, the weights sent with
// every job) and answers each job with the f32 picture, transferred, not copied.
//
// Messages in: {id, config, params, size}: `config` (the core's Config, as the page's `toConfig`
// gives it) only when the network's shape may have changed. Out: {id, size, width, buf, ms} (ms:
// what computing the picture took) or {id, error}.

import init, { Playground, wasmMemory } from "../backprop-wasm.js";

const ready = init({ module_or_path: new URL("../backprop-wasm_bg.wasm", import.meta.url) });
let pg = null;

onmessage = async ({ data }) => {
  try {
    await ready;
    if (data.config) {
      pg?.free();
      pg = null;
      pg = new Playground(data.config);
    }
    if (!pg) throw new Error("no network yet");
    pg.setParams(data.params);
    const t0 = performance.now();
    const [ptr, width] = pg.evaluateBoundary(data.size);
    const ms = performance.now() - t0; // the picture's own cost (not the messages' waits)
    const buf = new Float32Array(wasmMemory().buffer, ptr, data.size * data.size * width).slice();
    postMessage({ id: data.id, size: data.size, width, buf, ms }, [buf.buffer]);
  } catch (e) {
    postMessage({ id: data.id, error: String(e?.message ?? e) });
  }
};
