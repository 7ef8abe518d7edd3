// Files: the data as CSV and the model as JSON — exported by download, imported from the
// pickers or dropped anywhere on the page. Every file is validated whole by the core before
// anything changes.

import { $ } from "./dom.js";
import * as notice from "./notice.js";
import { t } from "./i18n.js";
import { coreText } from "./core-text.js";

const MAX_FILE_BYTES = 2 * 1024 * 1024;

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

/** Reads and imports one file; `kind` is "data" or "model" (guessed from the file if absent). */
async function openFile(app, file, kind) {
  if (file.size > MAX_FILE_BYTES) {
    notice.show(t("files.tooLarge", { file: file.name, mb: (file.size / 1048576).toFixed(1) }));
    return;
  }
  const text = await file.text();
  if (text.includes("\u0000")) {
    notice.show(t("files.notText", { file: file.name }));
    return;
  }
  kind ??= /\.json$/i.test(file.name) || text.trimStart().startsWith("{") ? "model" : "data";
  try {
    app.importText(kind, text);
  } catch (e) {
    notice.show(t("files.refused", { file: file.name, error: coreText(e.message) }));
    return;
  }
  notice.show(t(kind === "model" ? "files.loadedModel" : "files.loadedData", { file: file.name }));
}

export function initFiles(app) {
  $("export-csv").addEventListener("click", () => download("backprop-data.csv", app.exportCsv(), "text/csv"));
  $("export-model").addEventListener("click", () => download("backprop-model.json", app.exportModel() + "\n", "application/json"));
  for (const [id, kind] of [["import-csv", "data"], ["import-model", "model"]]) {
    $(id).addEventListener("change", (e) => {
      const file = e.target.files?.[0];
      e.target.value = "";
      if (file) openFile(app, file, kind);
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
    const file = e.dataTransfer?.files?.[0];
    if (file) openFile(app, file);
  });
}
