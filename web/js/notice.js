// The notice bar: one message at a time, with optional action buttons. Text only.

import { $, el } from "./dom.js";

/** How long a notice that only informs (no buttons, no error) stays: long enough to read twice;
 * kept while the pointer is on it or the focus in it. */
export const LINGER_MS = 10000;

let home = null; // where the notice floats from: its place in the page's source
let timer = 0;

/** Shows `text` with its `actions` ([label, fn] buttons), right after `near`, the block of the
 * page it is about (an element, a selector, or a list of them: the first one shown), in the
 * page's flow, where it covers nothing. Without a block shown (presenting, or none given) it
 * floats at the bottom of the screen (above what is presented). A `brief` notice (one that only
 * informs: no buttons, not an error) leaves by itself after LINGER_MS, unless the pointer is on
 * it or the focus in it; the others stay until dismissed. */
export function show(text, actions = [], near = null, { brief = false } = {}) {
  $("notice-text").textContent = text;
  $("notice-actions").replaceChildren(
    ...actions.map(([label, fn]) => {
      const b = el("button", { type: "button", textContent: label });
      b.addEventListener("click", () => {
        hide();
        fn();
      });
      return b;
    }),
  );
  const box = $("notice");
  const block = document.body.dataset.present ? null : shown(near);
  box.classList.toggle("inline", Boolean(block));
  if (block) {
    if (block.nextElementSibling !== box) block.after(box);
  } else if (home && box.parentElement !== home.parentElement) home.before(box);
  box.hidden = false;
  clearTimeout(timer);
  timer = brief && !actions.length ? setTimeout(expire, LINGER_MS) : 0;
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
  const box = $("notice");
  // (Being read or used: it stays as long again.)
  if (box.matches(":hover, :focus-within")) timer = setTimeout(expire, LINGER_MS);
  else hide();
}

export function hide() {
  clearTimeout(timer);
  timer = 0;
  $("notice").hidden = true;
}

/** Where the notices about the link that opened the page (or was pasted) come: under the
 * header, the first thing in sight. */
export const LINK_NEAR = "header.top";
/** Where the notices about saved work come: under Saved work… and Start over. */
export const SAVED_NEAR = [".saved-tools", LINK_NEAR];

/** Where a refused setting `key` (a link key) is said: under the settings' row, or the data's
 * slider, it concerns; else under the header. */
export function settingNear(key) {
  const control = document.getElementById(key.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase()));
  const own = { dataset: "#datasets", features: "#features", stopEpoch: ".stop-row", stopLoss: ".stop-row", stopOn: ".stop-row" }[key];
  return [control?.closest(".hyper") ?? control?.closest("label"), own, LINK_NEAR].filter(Boolean);
}

/** Wires the close button. */
export function init() {
  home = $("notice").nextElementSibling;
  $("notice-close").addEventListener("click", hide);
  // Escape dismisses it, unless a panel took the key to close itself.
  addEventListener("keydown", (e) => {
    if (e.key === "Escape" && !e.defaultPrevented && !$("notice").hidden) hide();
  });
}
