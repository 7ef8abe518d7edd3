// TF Playground's links, opened here: a fragment with a key only TF Playground writes
// (`networkShape`) is translated into this page's keys — the same network, data, features
// and training settings — and whatever has no equivalent here is named, so a learner who
// pastes a link from TF Playground knows what differs. `fromTfLink` is pure text in, text
// out; `initTfOpen` wires the box where such a link is pasted whole.

import { $ } from "./dom.js";
import { t } from "./i18n.js";
import * as notice from "./notice.js";

/** Whether `text` (a fragment, with or without `#`, or a whole URL) is a TF Playground link. */
export function isTfLink(text) {
  return new URLSearchParams(fragmentOf(text)).has("networkShape");
}

function fragmentOf(text) {
  const s = String(text ?? "").trim();
  const hash = s.indexOf("#");
  return hash >= 0 ? s.slice(hash + 1) : s;
}

// TF Playground's boolean feature keys and ours.
const FEATURES = [
  ["x", "x1"],
  ["y", "x2"],
  ["xSquared", "x1^2"],
  ["ySquared", "x2^2"],
  ["xTimesY", "x1*x2"],
  ["sinX", "sin(x1)"],
  ["sinY", "sin(x2)"],
];
// Keys that change the run there but have no equivalent here, when set.
const NO_EQUIVALENT = ["cosX", "cosY", "initZero", "collectStats"];
const DATASETS = { circle: "circle", xor: "xor", gauss: "gauss", spiral: "spiral" };
const REG_DATASETS = { "reg-plane": "plane", "reg-gauss": "bumps" };

/**
 * This page's fragment for a TF Playground link, and the TF keys it could not carry over:
 * `{fragment, unmatched: [key…]}`. Values are passed on as they are (this page's parsing
 * checks and clamps them, and says so); percentages become fractions.
 */
export function fromTfLink(text) {
  const tf = new URLSearchParams(fragmentOf(text));
  const ours = new URLSearchParams();
  const unmatched = [];
  const get = (k) => tf.get(k);
  const truthy = (k) => get(k) === "true";

  const shape = get("networkShape") ?? "";
  // TF Playground allows a network without hidden layers; this page needs one.
  if (shape.trim() === "") unmatched.push("networkShape=");
  else ours.set("hidden", shape);
  if (tf.has("activation")) ours.set("activation", get("activation"));
  if (tf.has("learningRate")) ours.set("learningRate", get("learningRate"));
  if (tf.has("batchSize")) ours.set("batchSize", get("batchSize"));
  const reg = get("regularization");
  if (reg !== null) ours.set("regularization", reg.toLowerCase());
  if (tf.has("regularizationRate")) ours.set("regularizationRate", get("regularizationRate"));

  const regression = get("problem") === "regression";
  const set = regression ? REG_DATASETS[get("regDataset") ?? "reg-plane"] : DATASETS[get("dataset") ?? "circle"];
  if (set) ours.set("dataset", set);
  else unmatched.push(regression ? `regDataset=${get("regDataset")}` : `dataset=${get("dataset")}`);

  const percent = (k, ourKey) => {
    const v = Number(get(k));
    if (tf.has(k) && Number.isFinite(v)) ours.set(ourKey, String(v / 100));
    else if (tf.has(k)) ours.set(ourKey, get(k));
  };
  percent("noise", "noise");
  percent("percTrainData", "trainRatio");

  // TF Playground's seed is any text; here a whole number, made from it the same way each time.
  const seed = get("seed");
  if (seed !== null) ours.set("seed", String(seedFrom(seed)));

  const features = FEATURES.filter(([k]) => truthy(k)).map(([, ourName]) => ourName);
  if (features.length) ours.set("features", features.join(","));
  else if (FEATURES.some(([k]) => tf.has(k))) unmatched.push("features (none on)");
  if (tf.has("showTestData")) ours.set("showTest", truthy("showTestData") ? "true" : "false");
  if (tf.has("discretize")) ours.set("discretize", truthy("discretize") ? "true" : "false");
  for (const k of NO_EQUIVALENT) if (truthy(k)) unmatched.push(k);
  // This page's language, when the link names one (the box adds the page's own).
  if (tf.has("lang")) ours.set("lang", get("lang"));
  return { fragment: "#" + ours.toString(), unmatched };
}

/** A whole number from any text (FNV-1a), so one TF seed always gives the same run here. */
function seedFrom(text) {
  let h = 0x811c9dc5;
  for (const c of text) {
    h ^= c.codePointAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % 1000000;
}

/** The box for a pasted TF Playground link (#tf-link, #tf-open): opens it as this page's run. */
export function initTfOpen(app) {
  const open = () => {
    const text = $("tf-link").value;
    if (!isTfLink(text)) {
      notice.show(t("tf.notTf"), [], ".tf-open");
      $("tf-link").setAttribute("aria-invalid", "true");
      return;
    }
    $("tf-link").removeAttribute("aria-invalid");
    app.applyLink(`#${fragmentOf(text)}&lang=${app.config.lang}`);
  };
  $("tf-open").addEventListener("click", open);
  $("tf-link").addEventListener("keydown", (e) => e.key === "Enter" && open());
}
