// A tiny MathML builder: today's browsers render MathML natively, so formulas need no library.
// f("u", sub("1"), "=", "x", "·", sub("W", "1"), "+", sub("b", "1")) → <math>…</math>

const NS = "http://www.w3.org/1998/Math/MathML";

function node(tag, children = []) {
  const e = document.createElementNS(NS, tag);
  for (const c of children) e.append(typeof c === "string" ? token(c) : c);
  return e;
}

/** A string becomes a number (mn), an operator (mo) or an identifier (mi). */
function token(s) {
  if (/^[0-9.]+$/.test(s)) {
    const e = document.createElementNS(NS, "mn");
    e.textContent = s;
    return e;
  }
  if (/^[A-Za-zα-ωΑ-Ωδη∂]+$/u.test(s)) {
    const e = document.createElementNS(NS, "mi");
    e.textContent = s;
    if (s.length > 1 && s !== "softmax" && s !== "tanh") e.setAttribute("mathvariant", "normal");
    return e;
  }
  const e = document.createElementNS(NS, "mo");
  e.textContent = s;
  return e;
}

export const sub = (base, s) => node("msub", [typeof base === "string" ? token(base) : base, typeof s === "string" ? token(s) : s]);
export const row = (...c) => node("mrow", c);

/** A display formula from tokens and built pieces. */
export function f(...children) {
  const m = node("math", [row(...children)]);
  m.setAttribute("display", "inline");
  return m;
}
