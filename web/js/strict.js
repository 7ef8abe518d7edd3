// Number boxes accept only what they show: digits with an optional point and exponent —
// never "1,5" (read as 15 elsewhere), "0x10", an empty box or "Infinity". A refused value
// marks its box and is said in words; nothing changes.

import { $ } from "./dom.js";
import { hide } from "./notice.js";

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** The finite number `text` spells, or null. */
export function strictNumber(text) {
  const s = String(text).trim();
  if (!NUMBER.test(s)) return null;
  const v = Number(s);
  return Number.isFinite(v) ? v : null;
}

/** Whether `text` is written as a number but is too large for one (1e400): out of range,
 * not "not a number". */
export const tooLarge = (text) => NUMBER.test(String(text).trim()) && !Number.isFinite(Number(String(text).trim()));

/** Marks a box as holding a refused value (`message` as its title), or clears the mark; the
 * notice that said why goes with it (it would stay over the page long after the fix). */
export function markInvalid(box, message) {
  if (!message && box.title && !$("notice").hidden && $("notice-text").textContent === box.title) hide();
  box.classList.toggle("invalid", Boolean(message));
  if (message) box.setAttribute("aria-invalid", "true");
  else box.removeAttribute("aria-invalid");
  box.title = message ?? "";
}
