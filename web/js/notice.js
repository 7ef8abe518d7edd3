// The notice bar: one message at a time, with optional action buttons. Text only.

import { $, el } from "./dom.js";

/** Shows `text` with its `actions` ([label, fn] buttons). A notice that belongs to a block of
 * the page (`near`: the share link's, the stop's) comes in the page's flow right after it, where
 * it covers nothing (a floating one would cover what is under it, such as the output's buttons
 * or Start over); others, and one whose block is not shown (presenting), float at the bottom of
 * the screen (above what is presented). */
export function show(text, actions = [], near = null) {
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
  const inline = Boolean(near) && !document.body.dataset.present && near.getClientRects().length > 0;
  box.classList.toggle("inline", inline);
  if (inline) near.after(box);
  else if (home && box.parentElement !== home.parentElement) home.before(box);
  box.hidden = false;
}

let home = null; // where the notice floats from: its place in the page's source

export function hide() {
  $("notice").hidden = true;
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
