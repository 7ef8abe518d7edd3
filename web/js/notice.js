// The notice bar: one message at a time, with optional action buttons. Text only.

import { $, el } from "./dom.js";

export function show(text, actions = []) {
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
  $("notice").hidden = false;
}

export function hide() {
  $("notice").hidden = true;
}

/** Wires the close button. */
export function init() {
  $("notice-close").addEventListener("click", hide);
  // Escape dismisses it, unless a panel took the key to close itself.
  addEventListener("keydown", (e) => {
    if (e.key === "Escape" && !e.defaultPrevented && !$("notice").hidden) hide();
  });
}
