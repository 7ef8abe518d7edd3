// Files: the data as CSV and the model as JSON — exported by download, imported from the
// pickers or dropped anywhere on the page. Every file is validated whole by the core before
// anything changes.

import { $ } from "./dom.js";
import * as notice from "./notice.js";
import { t, lang } from "./i18n.js";
import { errorText } from "./errors.js";
import { pythonScript } from "./extra.js";

// Its notices come right under the file buttons (or the lesson's export, where it was asked).
const FILES = ".files";
const PYTHON_NEAR = ["#lesson:not([hidden]) #lesson-steps", FILES];

const MAX_FILE_BYTES = 2 * 1024 * 1024;

/** A byte count exactly, its digits in groups of three ("2 097 153", narrow no-break spaces):
 * a rounded "2.0 MB" would hide that a file is one byte over. */
export function groupDigits(n) {
  return String(n).replace(/\B(?=(\d{3})+$)/g, "\u202f");
}

function download(name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Reads and imports one file; `kind` is "data" or "model" (guessed from the file if absent).
 * Returns what to tell the learner. The bytes are read as text by the core's rule (UTF-8 with
 * or without a byte-order mark, UTF-16 with one), as the CLI reads them. */
async function importFile(app, file, kind) {
  if (file.size > MAX_FILE_BYTES) return t("files.tooLarge", { file: file.name, size: groupDigits(file.size), max: groupDigits(MAX_FILE_BYTES) });
  let text;
  try {
    text = app.decodeText(new Uint8Array(await file.arrayBuffer()));
  } catch {
    return t("files.notText", { file: file.name });
  }
  kind ??= /\.json$/i.test(file.name) || text.trimStart().startsWith("{") ? "model" : "data";
  try {
    app.importText(kind, text);
  } catch (e) {
    return t("files.refused", { file: file.name, error: errorText(e) });
  }
  return t(kind === "model" ? "files.loadedModel" : "files.loadedData", { file: file.name });
}

/** Imports files one after another, in the order given; one notice names each file's outcome. */
async function openFiles(app, files, kind) {
  const said = [];
  for (const file of files) said.push(await importFile(app, file, kind));
  if (said.length) notice.show(said.join(" "), [], FILES);
}

/** Downloads the data as CSV (with each point's split). */
export function exportData(app) {
  download("backprop-data.csv", app.exportCsv(), "text/csv");
}

/** Downloads the model; after a divergence the last good weights, and says so. */
export function exportModel(app) {
  let text;
  try {
    text = app.exportModel();
  } catch (e) {
    notice.show(t("files.noModel", { error: errorText(e) }), [], FILES);
    return;
  }
  download("backprop-model.json", text + "\n", "application/json");
  if (app.exportsLastGood()) notice.info(t("files.exportedLastGood"), FILES);
}

/** How many epochs the page's Python export trains: within the runs whose numbers the script
 * reproduces to about 1e-8 (longer runs drift apart with the order of additions). */
export const PYTHON_EPOCHS = 5;

/** Downloads the current network, its training points and the current settings as one NumPy
 * script in the article's style, comments in the page's language — what `backprop python`
 * writes for them. The lesson's step 4 calls it with `{article: true}`, which adds the
 * article's own loop and its table (added anyway while the weights are the article's example).
 * After a divergence the script starts from the last good weights. Returns whether a file was
 * made (a promise). */
export async function exportPython(app, { article = false, epochs = PYTHON_EPOCHS } = {}) {
  let text;
  try {
    text = await app.exportPython({ lang: lang(), epochs, article });
  } catch (e) {
    notice.show(t("files.noPython", { error: errorText(e) }), [], PYTHON_NEAR);
    return false;
  }
  download("backprop-network.py", text, "text/x-python");
  notice.info(t(app.exportsLastGood() ? "files.exportedPythonLastGood" : "files.exportedPython", { epochs }), PYTHON_NEAR);
  return true;
}

/** Downloads the article's own example as a NumPy script (the lesson's §4): its 2-3-2
 * network, its one sample x = (5, 1), t = (0, 1), its learning rate and its 100 updates of
 * plain gradient descent, with the article's own loop as it wrote it and its table. The
 * learner's run is not touched. Returns a promise of whether a file was made. */
export async function exportArticlePython(Playground) {
  const a = Playground.articleExample();
  const csv = `x1,x2,label,split\n${a.x[0]},${a.x[1]},${a.label},train\n`;
  const settings = { learningRate: a.learningRate, batchSize: 1, optimizer: "sgd", regularization: "none", regularizationRate: 0, seed: a.config.seed };
  let text;
  try {
    text = await pythonScript(a.model, csv, { lang: lang(), epochs: a.steps, article: true, ...settings });
  } catch (e) {
    notice.show(t("files.noPython", { error: errorText(e) }), [], PYTHON_NEAR);
    return false;
  }
  download("backprop-article.py", text, "text/x-python");
  notice.info(t("files.exportedPython", { epochs: a.steps }), PYTHON_NEAR);
  return true;
}

export function initFiles(app) {
  $("export-csv").addEventListener("click", () => exportData(app));
  $("export-model").addEventListener("click", () => exportModel(app));
  $("export-python").addEventListener("click", () => exportPython(app));
  // Real buttons open the pickers (reachable by keyboard; the file inputs stay hidden).
  for (const id of ["import-csv", "import-model"]) $(`${id}-button`).addEventListener("click", () => $(id).click());
  for (const [id, kind] of [["import-csv", "data"], ["import-model", "model"]]) {
    $(id).addEventListener("change", (e) => {
      const file = e.target.files?.[0];
      e.target.value = "";
      if (file) openFiles(app, [file], kind);
    });
  }
  addEventListener("dragover", (e) => {
    e.preventDefault();
    document.body.classList.add("dragging");
  });
  addEventListener("dragleave", (e) => {
    if (!e.relatedTarget) document.body.classList.remove("dragging");
  });
  addEventListener("drop", (e) => {
    e.preventDefault();
    document.body.classList.remove("dragging");
    const files = Array.from(e.dataTransfer?.files ?? []);
    if (files.length) openFiles(app, files);
  });
}
