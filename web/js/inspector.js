// The backprop inspector: one sample through the learner's own network, as the article walks
// it. Forward fills every node with its value, Loss shows L, Backward walks back one node at a
// time (each step names the local derivative being multiplied in), Update shows W ← W − η·dW.
// All numbers come from the core's trace; this module lays them out and steps through them.

import { f, sub, sup, row } from "./mathml.js";

const $ = (id) => document.getElementById(id);
const el = (tag, cls, text) => {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
};

/** The article's 2-3-2 network (section 4). */
export const ARTICLE_MODEL = JSON.stringify({
  format: "backprop-playground/model@1",
  features: ["x1", "x2"],
  activation: "relu",
  output: "softmax",
  layers: [
    { weights: [[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]], bias: [0.1, 0.2, 0.3] },
    { weights: [[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]], bias: [0.1, 0.2] },
  ],
});
export const ARTICLE_CONFIG = { dataset: "gauss", features: ["x1", "x2"], hidden: [3], activation: "relu", learningRate: 0.01, optimizer: "sgd", batchSize: 1, regularization: "none", regularizationRate: 0, seed: 1 };

const DIGITS = 4;
const num = (v) => {
  const s = el("span", "n", Number.isFinite(v) ? (Math.abs(v) >= 1e-4 || v === 0 ? v.toFixed(DIGITS) : v.toExponential(2)) : String(v));
  s.title = String(v); // full precision on hover
  return s;
};
const vec = (values) => {
  const v = el("span", "vec");
  v.append("(");
  values.forEach((x, i) => {
    if (i) v.append(", ");
    v.append(num(x));
  });
  v.append(")");
  return v;
};
const mat = (rows) => {
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
const matOrShape = (rows, name) => {
  if (rows.length * (rows[0]?.length ?? 0) <= 24) return mat(rows);
  const d = el("details", "bigmat");
  d.append(el("summary", "", `${name}: ${rows.length}×${rows[0].length}`), mat(rows));
  return d;
};

const ACT_DERIV = {
  relu: { text: "ReLU masks: the gradient passes where u > 0 and is 0 elsewhere.", m: () => f("⊙", row("1", "[", "u", ">", "0", "]")) },
  sigmoid: { text: "Sigmoid multiplies by z(1 − z), computed from its output.", m: () => f("⊙", "z", "(", "1", "−", "z", ")") },
  tanh: { text: "Tanh multiplies by 1 − z², computed from its output.", m: () => f("⊙", "(", "1", "−", sup("z", "2"), ")") },
  linear: { text: "The identity passes the gradient through unchanged.", m: () => f("⊙", "1") },
};

export class Inspector {
  /**
   * @param hooks {pg(): Playground, labels(): {inputs, outputs}, classes(): number,
   *               loadArticle(): void, changed(): void}
   */
  constructor(hooks) {
    this.hooks = hooks;
    this.sample = null; // {x1, x2, label}
    this.step = 0;
    this.steps = [];
    this.timer = null;
    this.shapeKey = "";
    $("insp-next").addEventListener("click", () => this.go(this.step + 1));
    $("insp-back").addEventListener("click", () => this.go(this.step - 1));
    $("insp-first").addEventListener("click", () => this.go(0));
    $("insp-last").addEventListener("click", () => this.go(this.steps.length - 1));
    $("insp-play").addEventListener("click", () => this.togglePlay());
    $("inspector").addEventListener("keydown", (e) => {
      if (e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement) return;
      if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
        e.preventDefault();
        e.stopPropagation();
        this.go(this.step + (e.key === "ArrowRight" ? 1 : -1));
      }
    });
    const typed = () => {
      const x1 = Number($("insp-x1").value);
      const x2 = Number($("insp-x2").value);
      const label = Number($("insp-label").value);
      if ([x1, x2, label].every(Number.isFinite) && $("insp-x1").value !== "" && $("insp-x2").value !== "") this.setSample({ x1, x2, label });
    };
    for (const id of ["insp-x1", "insp-x2", "insp-label"]) $(id).addEventListener("change", typed);
    $("article-preset").addEventListener("click", () => {
      hooks.loadArticle();
      this.setSample({ x1: 5, x2: 1, label: 1 });
      this.go(0);
    });
    $("insp-train").addEventListener("click", () => this.trainArticleLoop());
    $("gradcheck-run").addEventListener("click", () => this.gradientCheck());
  }

  /** Chooses the sample to trace (from a click on a data point or typed values). */
  setSample(s) {
    this.sample = s;
    $("insp-x1").value = String(s.x1);
    $("insp-x2").value = String(s.x2);
    this.syncLabelControl(s.label);
    $("inspector").classList.add("has-sample");
    $("gradcheck-out").replaceChildren();
    this.refresh(true);
    this.hooks.changed();
  }

  syncLabelControl(label) {
    const classes = this.hooks.classes();
    const sel = $("insp-label");
    if (classes) {
      if (sel.options.length !== classes || sel.tagName !== "SELECT") {
        sel.replaceChildren(...Array.from({ length: classes }, (_, k) => new Option(`class ${k}`, String(k))));
      }
    } else {
      sel.replaceChildren(...[-1, -0.5, 0, 0.5, 1].map((v) => new Option(`value ${v}`, String(v))));
      if (![...sel.options].some((o) => Number(o.value) === label)) sel.append(new Option(`value ${label}`, String(label)));
    }
    sel.value = String(label);
  }

  /** Re-traces the sample through the network as it is now. `rebuild` forces a new layout. */
  refresh(rebuild = false) {
    if (!this.sample) return;
    const pg = this.hooks.pg();
    let tr;
    try {
      tr = pg.trace(this.sample.x1, this.sample.x2, this.sample.label);
    } catch (e) {
      // The sample no longer fits the task (e.g. the data set changed): drop it.
      this.sample = null;
      $("inspector").classList.remove("has-sample");
      $("insp-graph").replaceChildren(el("p", "hint", e.message));
      return;
    }
    this.trace = tr;
    const key = tr.layers.map((l) => l.u.length).join("-") + tr.x.length + tr.activation + tr.output;
    if (rebuild || key !== this.shapeKey) {
      if (key !== this.shapeKey) {
        $("insp-train-out").replaceChildren();
        $("gradcheck-out").replaceChildren();
      }
      this.shapeKey = key;
      this.build(tr);
    }
    this.fill(tr);
    this.show();
  }

  /** Lays out the graph's cards and the step list for this shape. */
  build(tr) {
    const L = tr.layers.length;
    const graph = $("insp-graph");
    graph.replaceChildren();
    this.slots = new Map(); // key → element whose content fill() sets
    this.steps = [];
    const step = (phase, text, math, keys) => this.steps.push({ phase, text, math, keys });
    const card = (kind, title, formula) => {
      const c = el("div", `card ${kind}`);
      const h = el("div", "card-title");
      h.append(title);
      c.append(h);
      if (formula) {
        const fd = el("div", "formula");
        fd.append(formula);
        c.append(fd);
      }
      graph.append(c);
      return c;
    };
    const slot = (parent, key, label) => {
      const line = el("div", "slot pending");
      line.dataset.key = key;
      if (label) line.append(label);
      const v = el("span", "val");
      line.append(v);
      parent.append(line);
      this.slots.set(key, { line, v });
      return line;
    };
    const zName = (l) => (l === 0 ? "x" : sub("z", String(l)));
    const zText = (l) => (l === 0 ? "x" : `z${l}`);

    // x
    const cx = card("node", f("x"));
    slot(cx, "x", "value ").classList.remove("pending");
    slot(cx, "dx", f("∂L", "/", "∂x", "="));
    step("Start", "The sample enters the network as its input features x (what the network sees). Step forward to fill every node with its value.", null, []);

    for (let l = 1; l <= L; l++) {
      const k = tr.layers[l - 1].input.length;
      const o = tr.layers[l - 1].u.length;
      const aff = card("op", `Affine ${l}`, f(sub("u", String(l)), "=", zName(l - 1), "·", sub("W", String(l)), "+", sub("b", String(l))));
      aff.append(el("div", "shape", `(1×${k})·(${k}×${o}) + (${o}) = (1×${o})`));
      slot(aff, `W${l}`, f(sub("W", String(l)), "="));
      this.slots.get(`W${l}`).line.classList.remove("pending");
      slot(aff, `b${l}`, f(sub("b", String(l)), "="));
      this.slots.get(`b${l}`).line.classList.remove("pending");
      slot(aff, `dW${l}`, f(sub("dW", String(l)), "="));
      slot(aff, `db${l}`, f(sub("db", String(l)), "="));
      const cu = card("node", f(sub("u", String(l))));
      slot(cu, `u${l}`, "value ");
      slot(cu, `delta${l}`, f(sub("δ", String(l)), "=", "∂L", "/", sub("∂u", String(l)), "="));
      step("Forward", `Affine layer ${l}: multiply ${zText(l - 1)} by W${l} and add b${l}.`, f(sub("u", String(l)), "=", zName(l - 1), "·", sub("W", String(l)), "+", sub("b", String(l))), [`u${l}`]);
      if (l < L) {
        const act = tr.activation;
        card("op", act === "relu" ? "ReLU" : act[0].toUpperCase() + act.slice(1), f(sub("z", String(l)), "=", "f", "(", sub("u", String(l)), ")"));
        const cz = card("node", f(sub("z", String(l))));
        slot(cz, `z${l}`, "value ");
        slot(cz, `dz${l}`, f("∂L", "/", sub("∂z", String(l)), "="));
        step("Forward", `The activation (${act}) acts on each neuron's total input.`, f(sub("z", String(l)), "=", act, "(", sub("u", String(l)), ")"), [`z${l}`]);
      }
    }
    const soft = tr.output === "softmax";
    const lossCard = card("op loss", soft ? "Softmax-with-Loss" : "Mean squared error", soft ? f("y", "=", "softmax", "(", sub("u", String(L)), ")") : f("y", "=", sub("u", String(L))));
    slot(lossCard, "t", "target t = ");
    this.slots.get("t").line.classList.remove("pending");
    const cy = card("node", f("y"));
    slot(cy, "y", "value ");
    const cl = card("node loss", f("L"));
    slot(cl, "L", "value ");
    step("Forward", soft ? "Softmax turns the last layer's logits into probabilities." : "For regression the output is the logit itself.", soft ? f(sub("y", "k"), "=", sup("e", sub("u", "k")), "/", "Σ", sup("e", sub("u", "j"))) : f("y", "=", "u"), ["y"]);
    step("Loss", soft ? "The cross-entropy loss: minus the log of the probability given to the right class." : "The squared error against the target.", soft ? f("L", "=", "−", "Σ", sub("t", "k"), "ln", sub("y", "k")) : f("L", "=", "½", sup(row("(", "y", "−", "t", ")"), "2")), ["L"]);

    // Backward, node by node, as the article does.
    step("Backward", soft ? "Softmax-with-Loss gives the beautifully simple gradient y − t at the logits." : "MSE gives y − t at the output.", f(sub("δ", String(L)), "=", "∂L", "/", sub("∂u", String(L)), "=", "y", "−", "t"), [`delta${L}`]);
    for (let l = L; l >= 1; l--) {
      const k = tr.layers[l - 1].input.length;
      const o = tr.layers[l - 1].u.length;
      step(
        "Backward",
        `The multiply node swaps its inputs: W${l}'s gradient is its other input ${zText(l - 1)} (transposed) times δ${l}, shapes (${k}×1)·(1×${o}) = (${k}×${o}). The add node passes δ${l} through to b${l}.`,
        f(sub("dW", String(l)), "=", sup(zName(l - 1), "T"), "·", sub("δ", String(l)), ",", " ", sub("db", String(l)), "=", "Σ", sub("δ", String(l))),
        [`dW${l}`, `db${l}`],
      );
      step(
        "Backward",
        `…and ${zText(l - 1)}'s gradient is δ${l} times W${l} transposed, shapes (1×${o})·(${o}×${k}) = (1×${k}).`,
        f("∂L", "/", l === 1 ? "∂x" : sub("∂z", String(l - 1)), "=", sub("δ", String(l)), "·", sup(sub("W", String(l)), "T")),
        [l === 1 ? "dx" : `dz${l - 1}`],
      );
      if (l > 1) {
        const d = ACT_DERIV[tr.activation] ?? ACT_DERIV.linear;
        step("Backward", d.text, row(f(sub("δ", String(l - 1)), "=", "∂L", "/", sub("∂z", String(l - 1))), d.m()), [`delta${l - 1}`]);
      }
    }
    step("Update", "Gradient descent moves every parameter a step against its gradient.", f("W", "←", "W", "−", "η", "·", "dW"), ["update"]);
    this.step = Math.min(this.step, this.steps.length - 1);
  }

  /** Puts the trace's numbers into the slots. */
  fill(tr) {
    const L = tr.layers.length;
    const set = (key, content) => this.slots.get(key)?.v.replaceChildren(content);
    set("x", vec(tr.x));
    set("dx", vec(tr.dx));
    set("t", vec(tr.t));
    set("y", vec(tr.y));
    set("L", num(tr.loss));
    for (let l = 1; l <= L; l++) {
      const t = tr.layers[l - 1];
      set(`u${l}`, vec(t.u));
      set(`delta${l}`, vec(t.delta));
      set(`W${l}`, matOrShape(tr.weights[l - 1].weights, `W${l}`));
      set(`b${l}`, vec(tr.weights[l - 1].bias));
      set(`dW${l}`, matOrShape(t.dw, `dW${l}`));
      set(`db${l}`, vec(t.db));
      if (l < L) {
        set(`z${l}`, vec(t.z));
        set(`dz${l}`, vec(t.dz));
      }
    }
    // The update table: before and after W ← W − η·dW.
    const up = $("insp-update");
    up.replaceChildren();
    const h = el("div", "update-head");
    h.append(f("W", "←", "W", "−", "η", "·", "dW"), ` with η = ${tr.learningRate}: before → after`);
    up.append(h);
    for (let l = 1; l <= L; l++) {
      const b = tr.weights[l - 1];
      const a = tr.updated[l - 1];
      const big = b.weights.length * b.bias.length > 24;
      const box = el(big ? "details" : "div", "update-layer");
      box.append(el(big ? "summary" : "div", "card-title", big ? `Layer ${l}: ${b.weights.length}×${b.bias.length} weights and ${b.bias.length} biases` : `Layer ${l}`));
      const t = el("table", "mat update");
      const rowsOf = (m, bias) => [...m.map((r, i) => ({ name: `W${l}[${i}]`, r })), { name: `b${l}`, r: bias }];
      const before = rowsOf(b.weights, b.bias);
      const after = rowsOf(a.weights, a.bias);
      before.forEach((rb, i) => {
        const tr_ = el("tr");
        tr_.append(el("th", "", rb.name));
        rb.r.forEach((v, j) => {
          const td = el("td");
          td.append(num(v), " → ", num(after[i].r[j]));
          tr_.append(td);
        });
        t.append(tr_);
      });
      box.append(t);
      up.append(box);
    }
  }

  /** Shows the state of the current step: what is revealed, what is current, the explanation. */
  show() {
    if (!this.steps.length) return;
    const revealed = new Set();
    let current = [];
    this.steps.forEach((s, i) => {
      if (i <= this.step) s.keys.forEach((k) => revealed.add(k));
      if (i === this.step) current = s.keys;
    });
    for (const [key, s] of this.slots) {
      if (["x", "t"].includes(key) || /^[Wb]\d+$/.test(key)) continue;
      s.line.classList.toggle("pending", !revealed.has(key));
      s.line.classList.toggle("current", current.includes(key));
    }
    const st = this.steps[this.step];
    $("insp-phase").textContent = st.phase;
    $("insp-stepno").textContent = `step ${this.step + 1} of ${this.steps.length}`;
    const ex = $("insp-explain");
    ex.replaceChildren(el("span", "", st.text + " "));
    if (st.math) ex.append(st.math.cloneNode(true));
    $("insp-update").hidden = st.phase !== "Update";
    $("insp-back").disabled = this.step === 0;
    $("insp-next").disabled = this.step === this.steps.length - 1;
    // Bring the current card into view by scrolling the graph's row only (never the page).
    const cur = this.slots.get(current[0]);
    if (cur) {
      const g = $("insp-graph");
      const r = cur.line.getBoundingClientRect();
      const gr = g.getBoundingClientRect();
      if (r.left < gr.left || r.right > gr.right) g.scrollLeft += r.left - gr.left - 24;
    }
  }

  go(i) {
    if (!this.steps.length) return;
    this.step = Math.max(0, Math.min(this.steps.length - 1, i));
    this.show();
    if (this.step === this.steps.length - 1) this.stopPlay();
  }

  togglePlay() {
    if (this.timer) return this.stopPlay();
    if (this.step === this.steps.length - 1) this.step = 0;
    $("insp-play").textContent = "Pause";
    this.timer = setInterval(() => this.go(this.step + 1), 900);
  }

  stopPlay() {
    clearInterval(this.timer);
    this.timer = null;
    $("insp-play").textContent = "Play";
  }

  /** The article's loop: 100 gradient steps on this one sample, then x = (1, 5). */
  trainArticleLoop() {
    if (!this.sample) return;
    const pg = this.hooks.pg();
    pg.trainSample(this.sample.x1, this.sample.x2, this.sample.label, 100);
    this.hooks.changed();
    const after = pg.trace(1, 5, 1);
    const out = $("insp-train-out");
    out.replaceChildren();
    const p = el("p");
    p.append("After 100 steps on this sample, the network on x = (1, 5), t = (0, 1) gives y = ", vec(after.y), ", L = ", num(after.loss), ".");
    out.append(p);
    out.append(
      el(
        "p",
        "hint",
        "The article's table after training shows other weights: its loop calls backward() with the z1 and y of the first forward pass and never recomputes them, so each of its 100 updates repeats the first gradient. Here the forward pass is recomputed every step, which is what gradient descent does — so the numbers differ by design, while the conclusion (class 1, loss near 0) is the same.",
      ),
    );
    this.setSample({ x1: 1, x2: 5, label: 1 });
  }

  /** Numerical versus backprop gradients for the sample. */
  gradientCheck() {
    if (!this.sample) return;
    const g = this.hooks.pg().gradientCheck(this.sample.x1, this.sample.x2, this.sample.label);
    const out = $("gradcheck-out");
    out.replaceChildren();
    const s = el("p", "gc-summary");
    s.append(
      "Max relative error ",
      el("strong", "gc-max", g.maxRelativeError.toExponential(2)),
      ` over ${g.params.length} parameters. The numerical gradient needed ${g.forwardPasses} forward passes (four per parameter, five-point central differences); backprop needed one forward and ${g.backwardPasses} backward pass.`,
    );
    out.append(s);
    const params = g.params.length <= 60 ? g.params : g.params.slice().sort((a, b) => b.relativeError - a.relativeError).slice(0, 10);
    if (g.params.length > 60) out.append(el("p", "hint", "The ten parameters with the largest errors:"));
    const t = el("table", "gc");
    const head = el("tr");
    for (const h of ["parameter", "backprop", "numerical", "relative error"]) head.append(el("th", "", h));
    t.append(head);
    for (const p of params) {
      const tr = el("tr");
      tr.append(el("td", "", p.name));
      for (const v of [p.analytic, p.numerical]) {
        const td = el("td");
        const n = el("span", "n", v.toPrecision(8));
        n.title = String(v);
        td.append(n);
        tr.append(td);
      }
      tr.append(el("td", "", p.relativeError.toExponential(1)));
      t.append(tr);
    }
    out.append(t);
  }
}
