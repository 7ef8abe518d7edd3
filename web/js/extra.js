// What the page loads only when it is used (crates/backprop-extra-wasm): the NumPy export and
// the lesson's numbers, a wasm module of its own, loaded and started once, on first use — the
// module every visit downloads stays small.

let module = null;

function extra() {
  module ??= import("../backprop-extra-wasm.js").then(async (m) => {
    await m.default({ module_or_path: new URL("../backprop-extra-wasm_bg.wasm", import.meta.url) });
    return m;
  });
  return module;
}

/** A promise of the NumPy script of `model` (a model file) and the training rows of `csv`
 * (with its `split` column) under `options` (`{lang, epochs, article}` and the run's settings:
 * `learningRate`, `batchSize`, `optimizer`, `regularization`, `regularizationRate`, `seed`) —
 * the core's script generator, the same one `backprop python` uses. */
export async function pythonScript(model, csv, options) {
  return (await extra()).pythonScript(model, csv, options);
}

/** A promise of every number of the lesson, from the core (`backprop::lesson`). */
export async function lessonNumbers() {
  return (await extra()).articleLesson();
}
