// Numbers as the inspector shows them: 4 decimals (or 8), full precision on hover; vectors and
// matrices as small tables.

import { el as make } from "./dom.js";

/** An element with a class and text (the one DOM helper, shaped for this module). */
export const el = (tag, cls, text) => make(tag, cls ? { className: cls } : {}, text === undefined ? [] : [text]);

// Decimals shown: 4, or the article's 8 (its Python prints 0.12025686) to compare digit by
// digit; the link's `digits`.
let DIGITS = 4;
export const setDigits = (d) => (DIGITS = d === 8 ? 8 : 4);
export const digits = () => DIGITS;
/** A number as the inspector writes it: DIGITS decimals, tiny ones in exponent form. */
export const fixed = (v) => (Number.isFinite(v) ? (Math.abs(v) >= 10 ** -DIGITS || v === 0 ? v.toFixed(DIGITS) : v.toExponential(2)) : String(v));
export const num = (v) => {
  const s = el("span", "n", fixed(v));
  s.title = String(v); // full precision on hover
  return s;
};
export const vec = (values) => {
  const v = el("span", "vec");
  v.append("(");
  values.forEach((x, i) => {
    if (i) v.append(", ");
    v.append(num(x));
  });
  v.append(")");
  return v;
};
export const mat = (rows) => {
  const t = el("table", "mat");
  for (const r of rows) {
    const tr = el("tr");
    for (const x of r) {
      const td = el("td");
      td.append(num(x));
      tr.append(td);
    }
    t.append(tr);
  }
  return t;
};
/** A matrix, or (when large) its shape with the numbers behind a disclosure. */
export const matOrShape = (rows, name) => {
  if (rows.length * (rows[0]?.length ?? 0) <= 24) return mat(rows);
  const d = el("details", "bigmat");
  d.append(el("summary", "", `${name}: ${rows.length}×${rows[0].length}`), mat(rows));
  return d;
};

