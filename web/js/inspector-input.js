// The inspector's input: the keys that step its graph (→ ←, and a clicker's PageDown/PageUp
// in the graph view) and the boxes where a sample is typed.

import { $, usesArrows } from "./dom.js";
import { t } from "./i18n.js";
import { strictNumber, markInvalid } from "./strict.js";

/** → and ← step the graph of inspector `insp`; in the graph view PageDown and PageUp too
 * (what a presenter's clicker sends), wherever the focus is not on something that uses those
 * keys itself. */
export function wireStepKeys(insp, app) {
  const STEP_KEYS = { ArrowRight: 1, ArrowLeft: -1, PageDown: 1, PageUp: -1 };
  $("inspector").addEventListener("keydown", (e) => {
    if (usesArrows(e.target)) return;
    if (e.key === "ArrowRight" || e.key === "ArrowLeft" || (app.view === "graph" && STEP_KEYS[e.key])) {
      e.preventDefault();
      e.stopPropagation();
      insp.go(insp.step + STEP_KEYS[e.key]);
    }
  });
  addEventListener("keydown", (e) => {
    if (app.view !== "graph" || !STEP_KEYS[e.key] || usesArrows(e.target) || e.altKey || e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    insp.go(insp.step + STEP_KEYS[e.key]);
  });
}

/** The sample's boxes: a typed sample is traced once both boxes hold numbers the core takes;
 * otherwise the box at fault is marked and the reason said, and the last good sample stays. */
export function wireSampleBoxes(insp, app) {
  const typed = () => {
    const boxes = [$("insp-x1"), $("insp-x2")];
    const names = ["x₁", "x₂"];
    // An unedited box stands for the sample's full value, not its four decimals.
    const v = boxes.map((b) => (b.value.trim() === "" ? undefined : b.value === b.dataset.shown ? Number(b.dataset.full) : strictNumber(b.value)));
    const bad = v.findIndex((x) => x === null);
    if (bad >= 0) return insp.refuse(boxes[bad], t("weights.notNumber", { name: names[bad], value: boxes[bad].value }));
    boxes.forEach((b) => markInvalid(b, null));
    if (v.includes(undefined)) {
      // Both are needed: without a sample the explanation says so; with one, an emptied box
      // shows the sample's value again (the box and the graph never disagree).
      if (!app.sample) $("insp-explain").textContent = t("insp.both");
      else boxes.forEach((b, i) => v[i] === undefined && (b.value = b.dataset.shown ?? ""));
      return;
    }
    const sample = { x1: v[0], x2: v[1], label: Number($("insp-label").value) };
    const error = app.sampleError(sample);
    if (error) return insp.refuse(/^x2|^x₂/.test(error) ? boxes[1] : boxes[0], error);
    app.setSample(sample);
  };
  for (const id of ["insp-x1", "insp-x2", "insp-label"]) $(id).addEventListener("change", typed);
}
