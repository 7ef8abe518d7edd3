// The backprop inspector: one sample through the learner's own network, drawn as the article
// draws it (graph.js) and stepped node by node — forward from x to L, backward from L to x, each
// step naming the node's local rule — then the update W ← W − η·dW. The numbers come from the
// core's primitive trace; this module decides what is revealed at each step.

import { $ } from "./dom.js";
import { PACE } from "./loop.js";
import { el, digits, setDigits } from "./numbers.js";
import { t } from "./i18n.js";
import { errorText } from "./errors.js";
import { drawGraph, elements } from "./graph.js";
import { arrowTable } from "./graph-table.js";
import { drawCards } from "./inspector-cards.js";
import { markInvalid } from "./strict.js";
import * as notice from "./notice.js";
import { updateTable, gradientCheckTable, articleLoopResult } from "./inspector-tables.js";
import { explainStep, showExplain } from "./inspector-explain.js";
import { wireStepKeys, wireSampleBoxes } from "./inspector-input.js";

const PLAY_MS = 900;

export class Inspector {
  /** @param app the page's state and intents (app.js): the sample, traces, loadArticle… */
  constructor(app) {
    Object.assign(this, PACE.tables); // while training, drawn every other frame
    this.app = app;
    this.step = 0;
    this.steps = [];
    this.open = new Set(); // stages opened into their primitive nodes
    this.timer = null;
    this.shapeKey = "";
    this.tick = 0;
    this.article = app.Playground.articleExample();
    // Its initial weights in the order of params(): each layer's W row by row, then its b.
    this.articleParams = JSON.parse(this.article.model).layers.flatMap((l) => [...l.weights.flat(), ...l.bias]);
    $("insp-next").addEventListener("click", () => this.go(this.step + 1));
    // On a phone the explanation keeps to three lines; "Read on" opens the rest.
    $("insp-read-on").addEventListener("click", () => this.fitExplain(!$("insp-explain").classList.contains("open")));
    $("insp-back").addEventListener("click", () => this.go(this.step - 1));
    $("insp-first").addEventListener("click", () => this.go(0));
    $("insp-last").addEventListener("click", () => this.go(this.steps.length - 1));
    $("insp-play").addEventListener("click", () => this.togglePlay());
    wireStepKeys(this, app);
    wireSampleBoxes(this, app);
    // The article's example, from the inspector or from the header (where a reader of the
    // article finds it first).
    // It is a run of its own (its one sample is its data); the learner's run is kept, and the
    // header's "Back to my run" returns to it.
    for (const id of ["article-preset", "article-open"])
      $(id).addEventListener("click", () => {
        app.loadArticle();
        this.go(0);
        notice.info(t("note.articleRun"), $(id).closest(".insp-head, header"));
      });
    $("article-leave").addEventListener("click", () => app.leaveArticle());
    // The update step's W ← W − η·dW, applied to the network; Undo (or Back) takes it back.
    $("insp-apply").addEventListener("click", () => this.applyUpdate());
    $("insp-undo").addEventListener("click", () => this.undoUpdate());
    $("primitives").addEventListener("change", () => {
      const all = $("primitives").checked;
      this.open = new Set(all && this.pt ? this.pt.stages.map((_, i) => i) : []);
      this.rebuildSteps();
    });
    $("insp-train").addEventListener("click", () => this.trainArticleLoop());
    $("insp-digits").addEventListener("change", () => {
      app.digitsChosen = true; // (kept when the article's example is loaded)
      app.setView("digits", $("insp-digits").value);
    });
    $("gradcheck-run").addEventListener("click", () => this.gradientCheck());
    addEventListener("resize", () => this.pt && this.show());
    app.on((what) => {
      $("article-leave").hidden = !app.returnTo;
      // A link or a reload gives the place to open at (see App.setPlace), and the decimals.
      if (what.has("config")) {
        if (Number(app.config.digits) !== digits()) {
          setDigits(Number(app.config.digits));
          $("insp-digits").value = app.config.digits;
          if (this.sample && !what.has("sample")) this.refresh(true);
        }
        this.adoptPlace();
      }
      if (what.has("sample")) this.sampleChanged();
      else if (what.has("shape") || what.has("lang")) {
        // (The target's choices are worded too: "class 0" / 「クラス0」.)
        if (this.sample) this.syncLabelControl(this.sample.label), this.refresh(true);
        else this.sampleChanged();
      }
    });
  }

  get sample() {
    return this.app.sample;
  }

  /** Takes the place the app's state holds (from a link or the saved session), if it is not
   * the one shown; rebuildSteps() bounds the step by the steps there are. */
  adoptPlace() {
    const { step, primitives } = this.app.config;
    if (step - 1 === this.step && primitives === $("primitives").checked) return;
    if (primitives !== $("primitives").checked) {
      $("primitives").checked = primitives;
      this.open = new Set(primitives && this.pt ? this.pt.stages.map((_, i) => i) : []);
    }
    // The step is an index into the steps of that layout, not a place to keep.
    this.steps = [];
    this.step = step - 1;
    if (this.pt) this.rebuildSteps();
  }

  /** Without a sample there is nothing to step through, train on or check; the article's
   * loop (100 steps on its sample, then x = (1, 5)) is offered for its sample on a 2-3-2
   * network only (its weights may be the learner's). */
  controls() {
    const s = this.app.sample;
    for (const id of ["insp-first", "insp-back", "insp-next", "insp-play", "insp-last", "gradcheck-run"]) $(id).disabled = !s;
    const a = this.article;
    const articles = s && s.x1 === a.x[0] && s.x2 === a.x[1] && s.label === a.label && this.app.sizes.join() === "2,3,2" && String(this.app.config.features) === String(a.config.features);
    // After the loop the sample is its probe x = (1, 5): the block stays, with its result.
    const afterLoop = s && s.x1 === a.probe[0] && s.x2 === a.probe[1] && $("insp-train-out").childElementCount > 0;
    $("insp-train-block").hidden = !(articles || afterLoop);
  }

  /** Marks `box` as holding a refused value, and says why. */
  refuse(box, message) {
    markInvalid(box, message);
    notice.show(message, [], box.closest(".insp-sample, .warm-inputs, label"));
  }

  /** The sample changed (a click on a data point, typed values, the preset). */
  sampleChanged() {
    const s = this.app.sample;
    this.applied = null; // (an update applied for another sample is not this graph's to undo)
    $("inspector").classList.toggle("has-sample", Boolean(s));
    $("gradcheck-out").replaceChildren();
    this.controls();
    for (const id of ["insp-x1", "insp-x2"]) markInvalid($(id), null);
    if (!s) {
      this.stopPlay();
      for (const id of ["insp-x1", "insp-x2"]) $(id).value = "";
      $("insp-explain").textContent = t("insp.pick");
      // Where the graph will be: what it will show, and how to get there.
      $("graph").replaceChildren(el("p", "hint graph-empty", t("insp.empty")));
      this.syncLabelControl(this.app.classes() ? 0 : 1);
      return;
    }
    // Shown to four decimals (a clicked point's full value is in the title and is kept while
    // the box is not edited).
    for (const [id, v] of [["insp-x1", s.x1], ["insp-x2", s.x2]]) {
      const box = $(id);
      box.value = String(Math.round(v * 1e4) / 1e4);
      box.title = String(v);
      box.dataset.full = String(v);
      box.dataset.shown = box.value;
    }
    this.syncLabelControl(s.label);
    this.refresh(true);
  }

  /** The frame loop's call: follows the network (every 8th frame while training). */
  render() {
    if (this.app.sample && (!this.app.playing || ++this.tick % 8 === 0)) this.refresh();
  }

  syncLabelControl(label) {
    const classes = this.app.classes();
    const sel = $("insp-label");
    if (classes) sel.replaceChildren(...Array.from({ length: classes }, (_, k) => new Option(t("out.class", { k }), String(k))));
    else {
      sel.replaceChildren(...[-1, -0.5, 0, 0.5, 1].map((v) => new Option(t("insp.valueLabel", { v }), String(v))));
      if (![...sel.options].some((o) => Number(o.value) === label)) sel.append(new Option(t("insp.valueLabel", { v: label }), String(label)));
    }
    sel.value = String(label);
  }

  /** Re-traces the sample through the network as it is now. `rebuild` lays the steps out anew. */
  refresh(rebuild = false) {
    if (!this.sample) return;
    let pt, tr;
    try {
      pt = this.app.primitiveTrace();
      tr = this.app.trace();
    } catch (e) {
      // The sample no longer fits the task (e.g. the data set changed): drop it.
      this.app.sample = null;
      $("inspector").classList.remove("has-sample");
      $("graph").replaceChildren(el("p", "hint", errorText(e)));
      return;
    }
    this.pt = pt;
    this.tr = tr;
    const key = pt.stages.map((s) => s.kind + s.value.length).join("-") + pt.x.length;
    if (key !== this.shapeKey) {
      $("insp-train-out").replaceChildren();
      this.controls(); // (a new shape may no longer be the article's network)
      $("gradcheck-out").replaceChildren();
      this.open = new Set($("primitives").checked ? pt.stages.map((_, i) => i) : []);
      this.shapeKey = key;
      rebuild = true;
    }
    drawCards($("insp-graph"), tr);
    updateTable($("insp-update"), tr);
    if (rebuild) this.rebuildSteps();
    else this.show();
  }

  /** The steps in flow order: start, forward through every drawn element, backward, update. */
  rebuildSteps() {
    if (!this.pt) return;
    const was = this.steps[this.step];
    const els = elements(this.pt, this.open);
    this.steps = [{ phase: "start", id: "x" }];
    for (const e of els.slice(1)) this.steps.push({ phase: e.kind === "L" ? "loss" : "forward", id: e.id, e });
    for (const e of els.slice().reverse()) this.steps.push({ phase: "backward", id: e.id, e });
    this.steps.push({ phase: "update", id: null });
    // Opening or closing a layer keeps the place: the same element if it is still drawn, else
    // the same layer in the same phase.
    let same = was ? this.steps.findIndex((s) => s.id === was.id && s.phase === was.phase) : -1;
    if (same < 0 && was?.e?.stage !== undefined) same = this.steps.findIndex((s) => s.phase === was.phase && s.e?.stage === was.e.stage);
    this.step = Math.min(same >= 0 ? same : this.step, this.steps.length - 1);
    this.show();
  }

  toggleStage(i) {
    if (this.open.has(i)) this.open.delete(i);
    else this.open.add(i);
    $("primitives").checked = this.pt && this.open.size === this.pt.stages.length;
    this.rebuildSteps();
  }

  /** Whether the graph shows the article's own example: its sample on its initial weights. */
  atArticle() {
    const s = this.app.sample;
    const a = this.article;
    return Boolean(s) && s.x1 === a.x[0] && s.x2 === a.x[1] && s.label === a.label && this.atArticleWeights();
  }

  /** Whether the network holds the article's initial weights (its shape, its numbers). */
  atArticleWeights() {
    const p = this.app.params();
    return p.length === this.articleParams.length && p.every((v, i) => v === this.articleParams[i]);
  }

  /** Opens or closes the rest of the step's explanation (closed at every new step); the
   * button shows only when there is more than its three lines (phones). */
  fitExplain(open = false) {
    const ex = $("insp-explain");
    const more = $("insp-read-on");
    ex.classList.toggle("open", open);
    const long = open || ex.scrollHeight > ex.clientHeight + 1;
    more.hidden = !long;
    more.setAttribute("aria-expanded", String(open));
    more.dataset.i18n = open ? "insp.lessText" : "insp.moreText";
    more.textContent = t(more.dataset.i18n);
  }

  /** The explanation of step `s` (inspector-explain.js). */
  explain(s) {
    const fresh = this.canUndo() && this.applied.fresh ? this.applied : null;
    return explainStep(s, this.pt, { applied: fresh, atArticle: () => this.atArticle() });
  }

  /** Shows the current step: the graph with what is reached so far, the explanation. With
   * `follow` (the learner stepped), the page scrolls to the current node if it is off screen. */
  show(follow = false, speak = follow) {
    if (!this.steps.length || !this.pt) return;
    const forward = new Set();
    const backward = new Set();
    // A node's backward step computes the gradient along each arrow into it, drawn under that
    // arrow (at L: ∂L/∂L = 1; at Softmax-with-Loss: y − t) — see graph.js.
    this.steps.forEach((s, i) => {
      if (i > this.step || !s.id) return;
      if (s.phase === "backward") backward.add(s.id);
      else forward.add(s.id);
    });
    const st = this.steps[this.step];
    if (st.phase === "backward" || st.phase === "update") for (const s of this.steps) if (s.id && s.phase !== "backward") forward.add(s.id);
    const drawn = drawGraph($("graph"), this.pt, this.open, { forward, backward, current: st.id }, (i) => this.toggleStage(i));
    arrowTable($("graph"), drawn.elements, this.pt);
    $("insp-phase").textContent = t(`phase.${st.phase}`);
    $("insp-stepno").textContent = t("insp.stepOf", { i: this.step + 1, n: this.steps.length });
    // (Said when the learner stepped: the explanation is no live region, training redraws it.)
    showExplain(this.explain(st), speak && `${t(`phase.${st.phase}`)}, ${$("insp-stepno").textContent}:`);
    this.fitExplain();
    $("insp-update").hidden = st.phase !== "update";
    $("insp-apply").hidden = st.phase !== "update";
    $("insp-undo").hidden = !this.canUndo();
    this.app.setPlace(this.step + 1, $("primitives").checked);
    $("insp-back").disabled = this.step === 0 && !this.canUndo();
    $("insp-next").disabled = this.step === this.steps.length - 1;
    // Keep the current node in view: the graph's own box scrolls sideways; the page scrolls
    // (the node to the middle) only when the graph is on screen but the node is above or below
    // the screen — on a phone a long graph wraps onto many rows.
    const node = drawn.nodeEls.get(st.id);
    // The update step's table, below the graph, comes into sight when stepped to.
    if (follow && st.phase === "update") $("insp-update").scrollIntoView({ block: "nearest" });
    if (node) {
      const g = $("graph");
      const r = node.getBoundingClientRect();
      const gr = g.getBoundingClientRect();
      if (r.left < gr.left || r.right > gr.right) g.scrollLeft += r.left - gr.left - 24;
      // A phone: the graph scrolls in its own box under the step's text (nothing covers it):
      // the node to the box's middle, and the buttons, the text and the box in sight.
      if (g.scrollHeight > g.clientHeight + 1) {
        if (!follow) return;
        g.scrollTop += (r.top + r.bottom) / 2 - (gr.top + gr.bottom) / 2;
        const steps = $("insp-steps").getBoundingClientRect();
        if (steps.top < 0 || gr.bottom > innerHeight) $("insp-steps").scrollIntoView({ block: "start" });
        return;
      }
      // (Below the step buttons, which stay at the top of a one-column screen.)
      const top = Math.max(0, $("insp-steps").getBoundingClientRect().bottom);
      const graphSeen = gr.bottom > top && gr.top < innerHeight;
      // The numbers over the arrow into the node (up to four lines) count as part of it; it goes
      // to the middle of what the step buttons leave of the screen.
      // (Where the step buttons stay at the top: one-column screens.)
      const labels = matchMedia("(max-width: 1100px)").matches ? 64 : 0;
      if (follow && graphSeen && (r.top - labels < top || r.bottom > innerHeight)) scrollBy({ top: (r.top + r.bottom) / 2 - (top + innerHeight) / 2 });
    }
  }

  go(i, speak = true) {
    if (!this.steps.length) return;
    // Back from the start of the pass that follows an applied update takes the update back.
    if (i < 0 && this.canUndo()) return this.undoUpdate();
    if (this.applied) this.applied.fresh = false;
    this.step = Math.max(0, Math.min(this.steps.length - 1, i));
    this.show(true, speak); // (Play's steps are not said one by one)
    if (this.step === this.steps.length - 1) this.stopPlay();
  }

  togglePlay() {
    if (this.timer) return this.stopPlay();
    if (this.step === this.steps.length - 1) this.step = 0;
    $("insp-play").textContent = t("insp.pause");
    this.timer = setInterval(() => this.go(this.step + 1, false), PLAY_MS);
  }

  stopPlay() {
    clearInterval(this.timer);
    this.timer = null;
    $("insp-play").textContent = t("insp.play");
  }

  /** The article's loop: 100 gradient steps on this one sample, then x = (1, 5). */
  trainArticleLoop() {
    if (!this.sample) return;
    const a = this.app.Playground.articleExample();
    // Only from the article's initial weights is the comparison with its table meaningful.
    const fromArticle = this.atArticleWeights();
    const from = `${this.sample.x1}, ${this.sample.x2}`;
    this.app.trainSample(a.steps);
    const after = this.app.traceAt(a.probe[0], a.probe[1], a.label);
    $("insp-train-out").replaceChildren(...articleLoopResult(a, after, from, fromArticle));
    this.app.setSample({ x1: a.probe[0], x2: a.probe[1], label: a.label });
  }

  /** Applies the update step's W ← W − η·dW (the core's trace computed every new weight)
   * and shows the next forward pass from its start. */
  applyUpdate() {
    const tr = this.tr;
    if (!tr || this.steps[this.step]?.phase !== "update") return;
    const before = Array.from(this.app.params());
    const after = tr.updated.flatMap((l) => [...l.weights.flat(), ...l.bias]);
    if (!this.app.applyUpdate(after)) return;
    this.stopPlay();
    this.applied = { before, after: Array.from(this.app.params()), lr: tr.learningRate, loss: tr.loss, fresh: true };
    this.refresh();
    this.step = 0;
    this.show(true);
    $("insp-undo").focus({ preventScroll: true });
  }

  /** Whether the network still holds the weights an update left (nothing changed them since). */
  canUndo() {
    const a = this.applied;
    if (!a) return false;
    const p = this.app.params();
    return p.length === a.after.length && p.every((v, i) => v === a.after[i]);
  }

  /** Takes the applied update back: the weights before it, the graph at the update step. */
  undoUpdate() {
    if (!this.canUndo()) return;
    const { before } = this.applied;
    this.applied = null;
    if (!this.app.applyUpdate(before)) return;
    this.refresh();
    this.step = this.steps.length - 1;
    this.show(true);
    notice.info(t("insp.undone"), ".insp-apply-row");
    $("insp-apply").focus({ preventScroll: true });
  }

  /** Numerical versus backprop gradients for the sample. */
  gradientCheck() {
    const g = this.app.gradientCheck();
    if (g) gradientCheckTable($("gradcheck-out"), g);
  }
}
