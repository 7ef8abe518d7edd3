// The notice bar: one message at a time, with optional action buttons. Text only.

import { $, el } from "./dom.js";

/** How long a notice that only informs (no buttons, no error) stays: at least LINGER_MS, longer
 * for a long text (time to read it twice); kept while the pointer is on it or the focus in it. */
export const LINGER_MS = 10000;
export const lingerFor = (text) => Math.max(LINGER_MS, 80 * text.length);

let home = null; // where the notice floats from: its place in the page's source
let box = null; // the notice (kept here: a block it came under may be rebuilt)
let timer = 0;

/** Shows `text` with its `actions` ([label, fn] buttons), right after `near`, the block of the
 * page it is about (an element, a selector, or a list of them: the first one shown), in the
 * page's flow, where it covers nothing. Without a block shown (presenting, or none given) it
 * floats at the bottom of the screen (above what is presented), as does a brief one whose
 * block is out of sight. A `brief` notice (one that only informs: no buttons, not an error)
 * leaves by itself after lingerFor(text), unless the pointer is on it or the focus in it; the
 * others stay until dismissed. */
export function show(text, actions = [], near = null, { brief = false } = {}) {
  box ??= $("notice");
  box.querySelector("#notice-text").textContent = text;
  box.querySelector("#notice-actions").replaceChildren(
    ...actions.map(([label, fn]) => {
      const b = el("button", { type: "button", textContent: label });
      b.addEventListener("click", () => {
        hide();
        fn();
      });
      return b;
    }),
  );
  const block = document.body.dataset.present ? null : shown(near);
  box.classList.toggle("inline", Boolean(block));
  if (block) {
    if (block.nextElementSibling !== box) block.after(box);
  } else goHome();
  box.hidden = false;
  clearTimeout(timer);
  const lingers = brief && !actions.length;
  timer = lingers ? setTimeout(expire, lingerFor(text)) : 0;
  // Under a block out of sight (on a phone the loss chart is a screen below the header's
  // Train), one that stays (an error, or something to do) is brought into view; one that only
  // informs floats in sight instead, for its while, and the page stays where it is.
  if (block) {
    const r = box.getBoundingClientRect();
    if (r.bottom > 0 && r.top < innerHeight) return;
    if (lingers) goHome();
    else box.scrollIntoView({ block: "nearest" });
  }
}

/** A notice that only informs: it leaves by itself (see show). */
export const info = (text, near = null) => show(text, [], near, { brief: true });

/** The first of `near` (elements or selectors) that is in the page and shown. */
function shown(near) {
  for (const n of [near].flat()) {
    const e = typeof n === "string" ? document.querySelector(n) : n;
    if (e instanceof Element && e.getClientRects().length > 0) return e;
  }
  return null;
}

function expire() {
  // (Being read or used: it stays as long again.)
  if (box.matches(":hover, :focus-within")) timer = setTimeout(expire, LINGER_MS);
  else hide();
}

export function hide() {
  clearTimeout(timer);
  timer = 0;
  box ??= $("notice");
  box.hidden = true;
  // (Back to its place: the block it was under may be rebuilt without it.)
  goHome();
}

function goHome() {
  box.classList.remove("inline");
  if (home && box.nextElementSibling !== home) home.before(box);
}

/** Where the notices about the link that opened the page (or was pasted) come: under the
 * header, the first thing in sight. */
export const LINK_NEAR = "header.top";
/** Where the notices about saved work come: under Saved work… and Start over. */
export const SAVED_NEAR = [".saved-tools", LINK_NEAR];

/** Where a refused setting `key` (a link key) is said: under the settings' row, or the data's
 * sliders, it concerns; else under the header. */
export function settingNear(key) {
  const control = document.getElementById(key.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase()));
  const own = { dataset: "#datasets", features: "#features", stopEpoch: ".stop-row", stopLoss: ".stop-row", stopOn: ".stop-row" }[key];
  return [control?.closest("#hyper, #data-controls"), own, LINK_NEAR].filter(Boolean);
}

/** Wires the close button. */
export function init() {
  box = $("notice");
  home = box.nextElementSibling;
  $("notice-close").addEventListener("click", hide);
  // Escape dismisses it, unless a panel took the key to close itself.
  addEventListener("keydown", (e) => {
    if (e.key === "Escape" && !e.defaultPrevented && !box.hidden) hide();
  });
}
