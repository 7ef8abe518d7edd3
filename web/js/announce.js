// What a screen reader hears: one polite region (#announce) for every view, so that one change
// the learner made (a step, a key on the output, a weight, Pause) is one announcement, never
// two regions speaking at once, never the same sentence twice in a row. The sentences said
// within a moment of each other (the key's own words, then the metrics of the frame that
// followed) are joined into one.

import { $ } from "./dom.js";

const GATHER_MS = 150; // what is said within this time after the first sentence goes with it

let pending = [];
let timer = 0;
let last = "";

/** Says `text` (once, joined with whatever else is said in the same moment). */
export function say(text) {
  if (!text || pending.includes(text)) return;
  pending.push(text);
  if (!timer) timer = setTimeout(flush, GATHER_MS);
}

function flush() {
  timer = 0;
  const text = pending.join(" ");
  pending = [];
  if (text === last) return;
  last = text;
  $("announce").textContent = text;
}

/** Says what `element` (a readout, no live region itself) comes to show, while `when()` holds:
 * the learner is moving it, not training. */
export function follow(element, when) {
  new MutationObserver(() => when() && say(element.textContent)).observe(element, { childList: true, characterData: true, subtree: true });
}
