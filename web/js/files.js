// Files: the data as CSV and the model as JSON — exported by download, imported from the
// pickers or dropped anywhere on the page. Every file is validated whole by the core before
// anything changes.

import { $ } from "./dom.js";
import * as notice from "./notice.js";
import { t } from "./i18n.js";
import { errorText } from "./errors.js";

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
  if (said.length) notice.show(said.join(" "));
}

/** Downloads the model; after a divergence the last good weights, and says so. */
function exportModel(app) {
  let text;
  try {
    text = app.exportModel();
  } catch (e) {
    notice.show(t("files.noModel", { error: errorText(e) }));
    return;
  }
  download("backprop-model.json", text + "\n", "application/json");
  if (app.exportsLastGood()) notice.show(t("files.exportedLastGood"));
}

export function initFiles(app) {
  $("export-csv").addEventListener("click", () => download("backprop-data.csv", app.exportCsv(), "text/csv"));
  $("export-model").addEventListener("click", () => exportModel(app));
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
