// "Every number": the sample's layers as cards — x, each Affine layer with W, b, dW, db and its
// shapes, u and δ, each activation's z and ∂L/∂z, the loss with y and L — all at once, as a
// reference beside the drawn graph. Each number shows 4 decimals (or the article's 8); its title
// holds the full value.

import { f, sub } from "./mathml.js";
import { el, num, vec, matOrShape } from "./numbers.js";
import { t } from "./i18n.js";
import { choiceLabel } from "./labels.js";

/** Fills `host` with the cards of trace `tr`. */
export function drawCards(host, tr) {
  host.replaceChildren();
  const card = (kind, title, formula) => {
    const c = el("div", `card ${kind}`);
    c.append(el("div", "card-title", title));
    if (formula) c.append(el("div", "formula", formula));
    host.append(c);
    return c;
  };
  const slot = (parent, key, label, content) => {
    const line = el("div", "slot");
    line.dataset.key = key;
    if (label) line.append(label);
    const v = el("span", "val");
    v.append(content);
    line.append(v);
    parent.append(line);
  };
  const L = tr.layers.length;
  const zName = (l) => (l === 0 ? "x" : sub("z", String(l)));
  const cx = card("node", f("x"));
  slot(cx, "x", t("card.value"), vec(tr.x));
  slot(cx, "dx", f("∂L", "/", "∂x", "="), vec(tr.dx));
  for (let l = 1; l <= L; l++) {
    const lt = tr.layers[l - 1];
    const k = lt.input.length;
    const o = lt.u.length;
    const aff = card("op", t("card.affine", { l }), f(sub("u", String(l)), "=", zName(l - 1), "·", sub("W", String(l)), "+", sub("b", String(l))));
    aff.append(el("div", "shape", `(1×${k})·(${k}×${o}) + (${o}) = (1×${o})`));
    slot(aff, `W${l}`, f(sub("W", String(l)), "="), matOrShape(tr.weights[l - 1].weights, `W${l}`));
    slot(aff, `b${l}`, f(sub("b", String(l)), "="), vec(tr.weights[l - 1].bias));
    slot(aff, `dW${l}`, f(sub("dW", String(l)), "="), matOrShape(lt.dw, `dW${l}`));
    slot(aff, `db${l}`, f(sub("db", String(l)), "="), vec(lt.db));
    const cu = card("node", f(sub("u", String(l))));
    slot(cu, `u${l}`, t("card.value"), vec(lt.u));
    slot(cu, `delta${l}`, f(sub("δ", String(l)), "=", "∂L", "/", sub("∂u", String(l)), "="), vec(lt.delta));
    if (l < L) {
      card("op", choiceLabel(tr.activation), f(sub("z", String(l)), "=", "f", "(", sub("u", String(l)), ")"));
      const cz = card("node", f(sub("z", String(l))));
      slot(cz, `z${l}`, t("card.value"), vec(lt.z));
      slot(cz, `dz${l}`, f("∂L", "/", sub("∂z", String(l)), "="), vec(lt.dz));
    }
  }
  const soft = tr.output === "softmax";
  const lc = card("op loss", t(soft ? "card.softmaxLoss" : "card.mse"), soft ? f("y", "=", "softmax", "(", sub("u", String(L)), ")") : f("y", "=", sub("u", String(L))));
  // (A one-hot target is written as the article writes it: t = (0, 1).)
  slot(lc, "t", t("card.target"), tr.t.every(Number.isInteger) ? `(${tr.t.join(", ")})` : vec(tr.t));
  const cy = card("node", f("y"));
  slot(cy, "y", t("card.value"), vec(tr.y));
  const cl = card("node loss", f("L"));
  slot(cl, "L", t("card.value"), num(tr.loss));
}
