// A module worker that draws the boundary picture on another core while the page trains: its
// own wasm instance holds a copy of the network (the same configuration, the weights sent with
// every job) and answers each job with the f32 picture, transferred, not copied — and, when the
// job says how to colour it, the coloured picture too, as an ImageBitmap the page draws as it
// is (no colouring, no copy of pixels on the page's main thread).
//
// Messages in: {id, config, params, size, paint}: `config` (the core's Config, as the page's
// `toConfig` gives it) only when the network's shape may have changed; `paint` ({classes,
// discretize}, how the page colours the boundary) optional. Out: {id, size, width, buf, ms,
// bitmap, paint} — ms: what computing and colouring the picture took; `bitmap` and `paint` (the
// colouring's key, "classes discretize") only when asked for and possible — or {id, error}.
// Jobs are answered in order, except that two jobs out at once may overlap while a bitmap is
// made: a reply older than one already given is stale.

import init, { Playground, wasmMemory } from "../backprop-wasm.js";
import { paintClasses, paintValues } from "./draw.js";

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
    const { size, paint } = data;
    const [ptr, width] = pg.evaluateBoundary(size);
    const buf = new Float32Array(wasmMemory().buffer, ptr, size * size * width).slice();
    const msg = { id: data.id, size, width, buf };
    const transfer = [buf.buffer];
    let image = null;
    if (paint && typeof createImageBitmap === "function") {
      image = new ImageData(size, size);
      const pixels = new Uint32Array(image.data.buffer);
      if (paint.classes) paintClasses(pixels, buf, size, paint.classes, paint.discretize);
      else paintValues(pixels, buf, size, paint.discretize);
      msg.paint = `${paint.classes} ${paint.discretize}`;
    }
    // The picture's own cost (not the messages' waits; nor the bitmap's making, which lets the
    // next job start meanwhile).
    msg.ms = performance.now() - t0;
    if (msg.paint) transfer.push((msg.bitmap = await createImageBitmap(image)));
    postMessage(msg, transfer);
  } catch (e) {
    postMessage({ id: data.id, error: String(e?.message ?? e) });
  }
};
