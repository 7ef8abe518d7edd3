// The inspector's words: what each step of the computation graph does, said as the article
// says it — a node's forward rule, how it passes the gradient back (with the numbers where a
// value feeds two nodes), a layer's δ and dW.

import { t } from "./i18n.js";
import { fixed } from "./numbers.js";
import { choiceLabel } from "./labels.js";
import { stageName } from "./graph.js";
import { $ } from "./dom.js";
import { say } from "./announce.js";

/** Shows the step's explanation (unchanged text is not written again) and, after `heading`
 * (the phase and the step's number, when the learner stepped), says it. */
export function showExplain(text, heading) {
  const ex = $("insp-explain");
  if (ex.textContent !== text) ex.textContent = text;
  if (heading) say(`${heading} ${text}`);
}

/** The explanation of step `s` of the graph of primitive trace `pt`: what happens there, in
 * the article's words. `applied`: an update just applied ({lr, loss}), said at the start;
 * `atArticle()`: whether the graph shows the article's own example. */
export function explainStep(s, pt, { applied, atArticle }) {
  if (s.phase === "start") return applied ? t("insp.applied", { lr: applied.lr, loss: fixed(applied.loss) }) : t("step.start");
  if (s.phase === "update") return t("step.update");
  const e = s.e;
  const stage = pt.stages[e.stage];
  const soft = pt.stages.at(-1).output === "softmax";
  if (e.kind === "input") return t("rule.input");
  if (e.kind === "L") return s.phase === "loss" ? t(soft ? "step.loss.softmax" : "step.loss.mse") + (atArticle() ? " " + t("step.loss.article") : "") : t("rule.L");
  // A primitive node: forward, what it computes; backward, how it passes the gradient on.
  // (A node named as its layer, ReLU, is named once.)
  const node = e.label === stageName(stage) ? e.label : `${e.label} (${stageName(stage)})`;
  // Softmax's exp feeds two nodes (Σ and ×): backward, the two gradients that come back add
  // up (§3.3.2) — said with its numbers.
  if (!e.collapsed && s.phase === "backward" && e.kind === "exp" && stage.kind === "loss" && stage.output === "softmax") {
    const n = stage.nodes;
    const v = (a) => `(${a.map(fixed).join(", ")})`;
    const fromSum = n[0].value.map(() => n[1].grad[0]);
    const fromMul = n[3].grad.map((g) => g * n[2].value[0]);
    return t("graph.stepBackward", { node, rule: t("rule.expTwo", { sum: v(fromSum), mul: v(fromMul), total: v(n[0].grad) }) });
  }
  if (!e.collapsed) return s.phase === "forward" ? t("graph.stepForward", { node, rule: t(e.fwd) }) : t("graph.stepBackward", { node, rule: t(e.rule) });
  const l = stage.layer;
  const z = l === 1 ? "x" : `z${l - 1}`;
  if (s.phase === "forward") {
    if (e.kind === "affine") return t("step.affine", { l, z });
    if (e.kind === "loss") return t(soft ? "step.softmax" : "step.identity", { l });
    return t("step.activation", { act: choiceLabel(e.kind) });
  }
  if (e.kind === "loss") return t(soft ? "step.delta.softmax" : "step.delta.mse", { l });
  if (e.kind === "affine") {
    const k = stage.input.length;
    const o = stage.value.length;
    return t("step.dW", { l, z, k, o }) + " " + t("step.dz", { l, z, k, o });
  }
  return t(`deriv.${e.kind}`);
}
