// The lesson's formulas as MathML (rendered natively by the browser) and its numbers as the
// article prints them. Nothing here computes: the values come from the core.

const NS = "http://www.w3.org/1998/Math/MathML";

function el(tag, children = []) {
  const e = document.createElementNS(NS, tag);
  for (const c of children) e.append(typeof c === "string" ? tok(c) : c);
  return e;
}

/** A string becomes a number (mn), an identifier (mi) or an operator (mo). */
function tok(s) {
  if (/^[0-9.]+$/.test(s)) return leaf("mn", s);
  if (/^[A-Za-zα-ωΑ-Ω∂∇η]$/u.test(s)) return leaf("mi", s);
  if (/^[A-Za-z]{2,}$/.test(s)) {
    const e = leaf("mi", s);
    e.setAttribute("mathvariant", "normal");
    return e;
  }
  return leaf("mo", s);
}

function leaf(tag, text) {
  const e = document.createElementNS(NS, tag);
  e.textContent = text;
  return e;
}

export const row = (...c) => el("mrow", c);
export const mi = (s) => leaf("mi", s);

export const mo = (s) => leaf("mo", s);
export const text = (s) => leaf("mtext", s);
export const frac = (a, b) => el("mfrac", [typeof a === "string" ? row(a) : a, typeof b === "string" ? row(b) : b]);
export const sup = (a, b) => el("msup", [typeof a === "string" ? tok(a) : a, typeof b === "string" ? tok(b) : b]);
export const sub = (a, b) => el("msub", [typeof a === "string" ? tok(a) : a, typeof b === "string" ? tok(b) : b]);
export const subsup = (a, b, c) => el("msubsup", [typeof a === "string" ? tok(a) : a, typeof b === "string" ? tok(b) : b, typeof c === "string" ? tok(c) : c]);
/** W⁽ˡ⁾, as the article writes a layer's weights. */
export const layer = (name, l) => sup(name, row("(", String(l), ")"));
/** ∂a/∂b. */
export const d = (a, b) => frac(row("∂", a), row("∂", b));
/** Struck through: the ∂t that cancels (§2.2). */
export function cancel(...c) {
  const r = row(...c);
  r.setAttribute("class", "cancel");
  return r;
}
/** Brackets around a table of cells (a matrix or a column). */
export function matrix(rows, open = "(", close = ")") {
  // (Brackets drawn as the table's borders: a stretched bracket needs a math font, which a
  // phone may lack.)
  const table = el("mtable", rows.map((r) => el("mtr", r.map((c) => el("mtd", [typeof c === "string" ? tok(c) : c])))));
  table.setAttribute("class", open === "[" ? "lmat lmat-square" : "lmat");
  return row(table);
}
/** Cases: { a (cond) ; b (cond). */
export function cases(rows) {
  const table = el("mtable", rows.map(([v, cond]) => el("mtr", [el("mtd", [v]), el("mtd", [cond])])));
  table.setAttribute("columnalign", "left");
  table.setAttribute("class", "cases");
  return row(table);
}

/** A number as a MathML token with its full value kept (`data-value`) and, with `key`, which
 * value of the core's lesson it is (`data-key`, for tests). */
export function mn(v, fmt = dec8, key) {
  const e = leaf("mn", fmt(v).replace(/^-/, "−"));
  e.setAttribute("data-value", String(v));
  if (key) e.setAttribute("data-key", key);
  return e;
}

/** A display formula. */
export function math(...children) {
  const m = el("math", [row(...children)]);
  m.setAttribute("display", "block");
  return m;
}

// ---- numbers at the article's precision

/** Eight decimals. */
export const dec8 = (v) => v.toFixed(8);
/** As numpy prints an array element (precision 8): rounded to 8 decimals, no trailing zeros. */
export const np8 = (v) => {
  const s = v.toFixed(8).replace(/0+$/, "");
  return s.endsWith(".") ? s + "0" : s;
};
/** As numpy prints a row with a tiny element: d.dddddddde-XX. */
export const sci8 = (v) => v.toExponential(8).replace(/e([-+])(\d)$/, "e$10$2");
/** As Python prints a float (the shortest digits that give it back). */
export const repr = (v) => (Number.isInteger(v) ? v.toFixed(1) : String(v));
/** How numpy chooses for a whole row: exponent form when an element is below 1e-4. */
export const npRow = (values) => {
  const a = values.filter((v) => v !== 0).map(Math.abs);
  return a.length && (Math.min(...a) < 1e-4 || Math.max(...a) / Math.min(...a) > 1e3) ? sci8 : np8;
};
/** `a` with a small label under it (which branch a term comes through). */
export const underBrace = (a, label) => el("munder", [a, row(text(label))]);
