// The NumPy export's own wasm module (crates/backprop-python-wasm): loaded and started on first
// use, so the module every visit downloads stays small. `pythonScript` is the core's script
// generator, the same one `backprop python` uses.

let module = null;

/** A promise of the NumPy script of `model` (a model file) and the training rows of `csv`
 * (with its `split` column) under `options` (`{lang, epochs, article}` and the run's settings:
 * `learningRate`, `batchSize`, `optimizer`, `regularization`, `regularizationRate`, `seed`). */
export async function pythonScript(model, csv, options) {
  module ??= import("../backprop-python-wasm.js").then(async (m) => {
    await m.default({ module_or_path: new URL("../backprop-python-wasm_bg.wasm", import.meta.url) });
    return m;
  });
  return (await module).pythonScript(model, csv, options);
}
