// Saved work offered back: the list of every session this browser keeps (#saved-list, opened by
// #saved-open and by the notice's #restore-saved), newest first by the save counter, each with
// what it holds (data set, points, epoch, hidden layers, when) and a button that brings it back
// into this tab. And when a save fails: what could not be kept, with its export.

import { $, el } from "./dom.js";
import { t, lang } from "./i18n.js";
import * as notice from "./notice.js";
import { SAVED_NEAR } from "./notice.js";
import * as storage from "./storage.js";
import { heldSlots } from "./keep-saved.js";
import { parseFragment } from "./state.js";
import { datasetLabel } from "./labels.js";
import { exportData, exportModel } from "./files.js";

/** "5 minutes ago", in the page's language (a clock set back shows "in …": the order is the
 * counter's, not the clock's). */
function ago(savedAt) {
  const s = (savedAt - Date.now()) / 1000;
  const rtf = new Intl.RelativeTimeFormat(lang(), { numeric: "auto" });
  for (const [unit, size] of [["day", 86400], ["hour", 3600], ["minute", 60]]) if (Math.abs(s) >= size) return rtf.format(Math.round(s / size), unit);
  return rtf.format(0, "second");
}

/** What a saved session holds, as one line. */
export function describe(s) {
  const state = parseFragment(s.fragment ?? "").state;
  const rows = s.csv ? s.csv.split("\n").filter((line, i) => i > 0 && line.trim()).length : state.points;
  const epoch = Number.isSafeInteger(s.progress?.epoch) ? s.progress.epoch : 0;
  const dataset = s.csv ? t("saved.ownData") : datasetLabel(state.dataset);
  return t("saved.item", { dataset, points: rows, epoch, hidden: state.hidden.join(", ") || "0", when: ago(s.savedAt) });
}

/** Brings saved session `s` back into this tab (this tab's run stays saved). Into its own
 * slot when no other open tab holds it, else as a copy in a new one. */
async function restore(app, s) {
  const held = await heldSlots({ othersOnly: true });
  app.saveNow?.();
  if (!app.restoreSaved(s)) return;
  if (held && !held.has(s.id) && !s.legacy) app.savedId = s.id;
  notice.info(t("saved.restored", { what: describe(s) }), SAVED_NEAR);
}

/** Fills and opens the list. */
export function openList(app) {
  const list = storage.sessions().filter((s) => s.id !== app.savedId);
  const items = list.map((s) => {
    const b = el("button", { type: "button", textContent: t("saved.restore") });
    b.dataset.savedId = s.id;
    b.addEventListener("click", () => {
      $("saved-list").close();
      restore(app, s);
    });
    return el("li", {}, [el("span", { textContent: describe(s) }), b]);
  });
  $("saved-items").replaceChildren(...(items.length ? items : [el("li", { className: "saved-none", textContent: t("saved.none") })]));
  const d = $("saved-list");
  if (!d.open) d.showModal();
}

/** Wires #saved-open and the list's close button. */
export function initSavedList(app) {
  $("saved-open").addEventListener("click", () => openList(app));
  $("saved-close").addEventListener("click", () => $("saved-list").close());
}

/** A save failed: said once for a run of failures, with what is not kept and buttons that
 * export it (the data, the model; each button leaves the other). `full`: the storage is full
 * even after the room that could be made. */
export function warnUnsaved(app, error, full) {
  let what;
  try {
    what = t("saved.what", { points: app.points.length / 4, epoch: app.pg.metrics().epoch });
  } catch {
    what = "";
  }
  const text = full ? t("note.storageFull", { what }) : t("note.saveFailed", { error: error.message, what });
  const offer = (kinds) => {
    const actions = kinds.map((k) => [t(k === "data" ? "files.exportCsv" : "files.exportModel"), () => (k === "data" ? exportData(app) : exportModel(app), kinds.length > 1 && offer(kinds.filter((x) => x !== k)))]);
    notice.show(text, actions, SAVED_NEAR);
    document.querySelectorAll("#notice-actions button").forEach((b, i) => (b.id = `export-unsaved-${kinds[i]}`));
  };
  offer(["data", "model"]);
}
