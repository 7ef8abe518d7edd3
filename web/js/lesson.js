// The lesson: the article's sections one step at a time (`view=lesson`, `lesson=<id>` in the
// link), with → ←, PageDown PageUp (a clicker) between steps, and the first screen's two ways
// in (the lesson, the playground). The steps themselves: lesson-steps.js.

import { $, el, usesArrows } from "./dom.js";
import { t } from "./i18n.js";
import { LESSON_STEPS, stepOf } from "./lesson-ids.js";
import { buildSteps } from "./lesson-steps.js";
import { exportArticlePython } from "./files.js";
import { lessonNumbers } from "./extra.js";
import * as notice from "./notice.js";
import { errorText } from "./errors.js";

const STEP_KEYS = { ArrowRight: 1, ArrowLeft: -1, PageDown: 1, PageUp: -1 };

/** A formula, printout or diagram wider than its box scrolls sideways: it takes the focus
 * then, so that the keyboard can scroll it too (and only then, to keep the Tab order short). */
function scrollable(node) {
  for (const e of node.querySelectorAll(".formula, .printout, .warm-graph-box")) {
    if (e.scrollWidth > e.clientWidth + 1) {
      e.tabIndex = 0;
      e.setAttribute("role", "group");
      e.setAttribute("aria-label", t("lesson.scrollBox"));
    } else if (e.hasAttribute("tabindex")) {
      e.removeAttribute("tabindex");
      e.removeAttribute("role");
      e.removeAttribute("aria-label");
    }
  }
}

export class Lesson {
  constructor(app, Playground) {
    this.app = app;
    this.Playground = Playground;
    this.steps = null; // built on first showing, again when the language changes
    this.builtLang = null;
    this.shown = null;
    $("start-lesson").addEventListener("click", () => {
      app.setViewMode("lesson");
      this.focusStep();
    });
    $("start-playground").addEventListener("click", () => {
      if (app.view === "lesson") app.setViewMode("network");
      $("layout").scrollIntoView({ block: "start" });
    });
    $("lesson-exit").addEventListener("click", () => {
      app.setViewMode("network");
      $("start-lesson").focus({ preventScroll: true });
    });
    $("lesson-prev").addEventListener("click", () => this.go(-1));
    $("lesson-next").addEventListener("click", () => this.go(1));
    $("lesson-prev-end").addEventListener("click", () => this.go(-1, true));
    $("lesson-next-end").addEventListener("click", () => this.go(1, true));
    $("lesson-to").addEventListener("change", () => this.open($("lesson-to").value, true));
    // A clicker (PageDown, PageUp) or the arrows step through the lesson, wherever the focus is
    // not on something that uses those keys itself (a text box, a select, a slider).
    addEventListener("keydown", (e) => {
      if (app.view !== "lesson" || !STEP_KEYS[e.key] || usesArrows(e.target) || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
      e.preventDefault();
      this.go(STEP_KEYS[e.key], true);
    });
    // The graphs inside a step follow the width of their box.
    let width = 0;
    new ResizeObserver(([entry]) => {
      const w = Math.round(entry.contentRect.width);
      if (w === width) return;
      width = w;
      const step = this.shown && this.steps?.get(this.shown);
      if (!step) return;
      step.draw();
      scrollable(step.node);
    }).observe($("lesson"));
    app.on((what) => {
      if (what.has("view") || what.has("config") || what.has("lesson") || what.has("lang")) this.sync();
    });
  }

  /** A promise: the lesson is built if its view is shown (what the page waits on before it
   * says it is ready). */
  async ready() {
    if (this.app.view !== "lesson") return;
    this.sync();
    await this.loading;
  }

  /** Shows or hides the lesson as the view says; the current step as the link says. */
  sync() {
    const on = this.app.view === "lesson";
    document.body.classList.toggle("lesson-mode", on);
    $("lesson").hidden = !on;
    $("start-lesson").setAttribute("aria-pressed", String(on));
    if (!on) return;
    // The lesson's numbers come from a module loaded on first use (extra.js): the lesson is
    // built once they are here.
    if (!this.L) {
      this.loading ??= lessonNumbers().then(
        (L) => {
          this.L = L;
          this.sync();
        },
        (e) => notice.show(errorText(e), [], ".lesson-bar"),
      );
      return;
    }
    if (!this.steps || this.builtLang !== this.app.config.lang) this.build();
    const id = stepOf(this.app.config.lesson);
    if (id !== this.shown) this.show(id);
  }

  build() {
    this.builtLang = this.app.config.lang;
    const L = this.L;
    if (!this.pg) {
      // A copy of the article's network of its own (§1's curve moves one of its weights): the
      // learner's run is never touched.
      const a = this.Playground.articleExample();
      this.pg = new this.Playground(a.config);
      this.pg.importModel(a.model);
    }
    this.steps = buildSteps({
      L,
      pg: this.pg,
      Playground: this.Playground,
      openInspector: () => this.openInspector(),
      tryNetwork: (kind) => this.tryNetwork(kind),
      exportPython: () => exportArticlePython(this.Playground),
      redrawWarm: (from) => {
        for (const id of ["2.1", "2.2"]) this.steps.get(id).draw();
        from.focus({ preventScroll: true });
      },
    });
    $("lesson-steps").replaceChildren(...[...this.steps.values()].map((s) => s.node));
    $("lesson-to").replaceChildren(...LESSON_STEPS.map((id) => el("option", { value: id }, [`${t("lesson.stepNo", { id })} ${t(`lesson.s${id.replace(".", "")}.title`)}`])));
    this.shown = null;
  }

  show(id) {
    this.shown = id;
    for (const [sid, s] of this.steps) s.node.hidden = sid !== id;
    const i = LESSON_STEPS.indexOf(id);
    $("lesson-to").value = id;
    const count = t("lesson.count", { i: i + 1, n: LESSON_STEPS.length });
    $("lesson-count").textContent = count;
    $("lesson-count-end").textContent = count;
    for (const suffix of ["", "-end"]) {
      $(`lesson-prev${suffix}`).disabled = i === 0;
      $(`lesson-next${suffix}`).disabled = i === LESSON_STEPS.length - 1;
    }
    this.steps.get(id).draw();
    scrollable(this.steps.get(id).node);
    // A link to a sub-step (lesson=3.3.2) brings it into sight.
    const sub = this.app.config.lesson;
    if (sub !== id) document.querySelector(`#lesson-steps [data-lesson-step="${sub}"]`)?.scrollIntoView({ block: "start" });
  }

  /** Opens step `id` (and keeps it in the link); `scroll` brings its top into sight. */
  open(id, scroll = false) {
    this.app.setLesson(id);
    if (scroll) this.focusStep();
  }

  go(delta, scroll = false) {
    const i = LESSON_STEPS.indexOf(stepOf(this.app.config.lesson));
    const next = LESSON_STEPS[Math.min(LESSON_STEPS.length - 1, Math.max(0, i + delta))];
    if (next !== LESSON_STEPS[i]) this.open(next, scroll);
  }

  /** The current step's heading takes the focus (a screen reader reads where the learner is)
   * and the top of the lesson comes into sight. */
  focusStep() {
    const h = document.querySelector(`#lesson-steps [data-lesson-step="${this.shown}"] h3`);
    h?.focus({ preventScroll: true });
    $("lesson").scrollIntoView({ block: "start" });
  }

  /** The node-by-node view with the article's example, as the header's button opens it. */
  openInspector() {
    this.app.setViewMode("network");
    $("article-open").click();
  }

  /** §5: a network like the article's on a data set it can learn, training; or a bigger one. */
  tryNetwork(kind) {
    const app = this.app;
    app.setViewMode("network");
    app.customData = false;
    if (kind === "spiral") app.setMany({ dataset: "spiral", features: ["x1", "x2", "sin(x1)", "sin(x2)"], hidden: [8, 8, 5], activation: "relu", optimizer: "adam", learningRate: 0.01, batchSize: 10 });
    // (Seed 1: starting weights from which three neurons learn xor and the circle whole; from
    // some others xor gets stuck, which §5's text says.)
    else app.setMany({ dataset: kind, seed: 1, features: ["x1", "x2"], hidden: [3], activation: "relu", optimizer: "sgd", learningRate: 0.1, batchSize: 10 });
    app.setPlaying(true);
    $("layout").scrollIntoView({ block: "start" });
  }
}
