// The lesson's steps, in the article's order: each one a few sentences (messages-*.js), its
// formula (MathML) and the live numbers it produces, all from the core's `articleLesson()`
// (and `warmUp(x, y)`, and a lesson-only copy of the article's network for §1's curve).
// Every number the core gave carries `data-key` (its path in the lesson's data) and
// `data-value` (full precision); its text is at the article's precision.

import { el } from "./dom.js";
import { t } from "./i18n.js";
import { strictNumber, markInvalid } from "./strict.js";
import { errorText } from "./errors.js";
import * as M from "./lesson-math.js";
import { lessonPlot, warmGraph, shapeGraph } from "./lesson-plots.js";
import { numberKit, liveGraph, stepList } from "./lesson-kit.js";

const p = (key, vars) => el("p", { className: "lesson-text" }, [t(key, vars)]);
const formula = (...parts) => el("div", { className: "formula" }, [M.math(...parts)]);
const small = (key, vars) => el("p", { className: "hint" }, [t(key, vars)]);
const h4 = (key) => el("h4", {}, [t(key)]);
const section = (id, titleKey, children) => el("section", { className: "lesson-sub", dataset: { lessonStep: id }, aria: { label: `§${id} ${t(titleKey)}` } }, [el("h4", {}, [`§${id} `, t(titleKey)]), ...children]);

/** §1 Gradient descent on one weight. */
function gradientDescent(k) {
  const { ctx, L, num, mn, npVec, npMat, printout, mmat, mvec, graph, toInspector, add } = k;
  add("1", "lesson.s1.title", (onDraw) => {
    const plot = lessonPlot(ctx, num);
    onDraw(plot.draw);
    return [
      p("lesson.s1.text"),
      formula(M.sup("w", M.row("(", "t", "+", "1", ")")), "=", M.sup("w", M.row("(", "t", ")")), "−", "η", "∇", "E"),
      plot.node,
      p("lesson.s1.grad"),
      formula("∇", "E", "=", M.row("(", M.d("E", M.layer("W", 1)), ",", M.d("E", M.layer("W", 2)), ")")),
      formula(M.d("E", M.layer("W", 1)), "=", mmat("sample.trace.layers.0.dw")),
      formula(M.d("E", M.layer("W", 2)), "=", mmat("sample.trace.layers.1.dw")),
      small("lesson.s1.el"),
    ];
  });
}

/** §2.1 and §2.2: z = (x + y)², as a graph, and its chain rule. */
function chainRule(k) {
  const { ctx, L, num, mn, npVec, npMat, printout, mmat, mvec, graph, toInspector, add } = k;
  const warm = { x: 1, y: 2 };
  const warmStep = (id, backward) => (onDraw) => {
    const box = el("div", { className: "warm-inputs" });
    const inputs = ["x", "y"].map((name) => {
      const input = el("input", { type: "text", inputMode: "decimal", autocomplete: "off", value: String(warm[name]), className: "lesson-in", dataset: { warm: name }, aria: { label: name } });
      box.append(el("label", {}, [name, " ", input]));
      return input;
    });
    const pic = el("div", { className: "warm-graph-box" });
    const out = el("div", { className: "lesson-live" });
    const draw = () => {
      for (const [i, name] of ["x", "y"].entries()) inputs[i].value = String(warm[name]);
      let w;
      try {
        w = ctx.Playground.warmUp(warm.x, warm.y);
      } catch (e) {
        out.replaceChildren(el("p", { className: "invalid-note" }, [errorText(e)]));
        return;
      }
      pic.replaceChildren(warmGraph(w, backward));
      const wn = (k) => M.mn(w[k], M.repr, `warmUp.${k}`);
      if (!backward) {
        out.replaceChildren(formula("t", "=", "x", "+", "y", "=", wn("t"), ",", "z", "=", M.sup("t", "2"), "=", wn("z")));
        return;
      }
      out.replaceChildren(
        formula(M.d("z", "x"), "=", M.d("z", "t"), "·", M.d("t", "x"), "=", "2", "t", "·", "1", "=", wn("dzDt"), "·", "1", "=", wn("dzDx")),
        formula(M.d("z", "y"), "=", M.d("z", "t"), "·", M.d("t", "y"), "=", wn("dzDt"), "·", "1", "=", wn("dzDy")),
      );
    };
    inputs.forEach((input, i) =>
      input.addEventListener("input", () => {
        const v = strictNumber(input.value);
        if (v === null) return markInvalid(input, t("weights.notNumber", { name: ["x", "y"][i], value: input.value }));
        try {
          ctx.Playground.warmUp(i ? warm.x : v, i ? v : warm.y);
        } catch (e) {
          return markInvalid(input, errorText(e));
        }
        markInvalid(input, null);
        warm[["x", "y"][i]] = v;
        // (Both steps show the same x and y.)
        ctx.redrawWarm(input);
      }),
    );
    onDraw(draw);
    if (!backward)
      return [p("lesson.s21.text"), formula("z", "=", M.sup(M.row("(", "x", "+", "y", ")"), "2"), M.text("  ⟶  "), "z", "=", M.sup("t", "2"), ",", "t", "=", "x", "+", "y"), box, pic, out];
    return [
      p("lesson.s22.text"),
      formula(M.d("z", "x"), "=", M.d("z", "t"), M.d("t", "x"), "=", M.frac(M.row("∂", "z"), M.cancel("∂", "t")), M.frac(M.cancel("∂", "t"), M.row("∂", "x"))),
      formula(M.d("z", "t"), "=", "2", "t", ",", M.d("t", "x"), "=", "1", ",", M.d("z", "x"), "=", "2", "t", "·", "1", "=", "2", M.row("(", "x", "+", "y", ")")),
      box,
      pic,
      out,
      small("lesson.s22.cancel"),
    ];
  };
  add("2.1", "lesson.s21.title", warmStep("2.1", false));
  add("2.2", "lesson.s22.title", warmStep("2.2", true));
}

/** §2.3 The network as nested functions. */
function nested(k) {
  const { ctx, L, num, mn, npVec, npMat, printout, mmat, mvec, graph, toInspector, add } = k;
  add("2.3", "lesson.s23.title", (onDraw) => {
    const g = graph(L.sample.graph, [], null, t("lesson.graphOf", { what: "x = (5, 1)" }));
    onDraw(g.draw);
    const u1 = M.layer("u", 1);
    const u2 = M.layer("u", 2);
    const z1 = M.layer("z", 1);
    return [
      p("lesson.s23.text"),
      formula("E", M.row("(", "y", M.row("(", M.layer("u", 2), M.row("(", M.layer("z", 1), M.row("(", M.layer("u", 1), ")"), ")"), ")"), ")")),
      g.node,
      small("lesson.s23.el"),
      formula(M.d("E", M.layer("W", 1)), "=", M.d("E", "y"), M.d("y", u2), M.d(M.layer("u", 2), z1), M.d(M.layer("z", 1), u1), M.d(M.layer("u", 1), M.layer("W", 1))),
      formula(M.d("E", M.layer("W", 2)), "=", M.d("E", "y"), M.d("y", M.layer("u", 2)), M.d(M.layer("u", 2), M.layer("W", 2))),
      toInspector(),
    ];
  });
}

/** §3.1 Affine: dot, then add. */
function affine(k) {
  const { ctx, L, num, mn, npVec, npMat, printout, mmat, mvec, graph, toInspector, add } = k;
  add("3.1", "lesson.s31.title", (onDraw) => {
    const g = graph(L.sample.graph, [0], "s0n0", t("lesson.graphOf", { what: "Affine1" }));
    onDraw(g.draw);
    const W = M.mi("W");
    W.setAttribute("mathvariant", "bold");
    const x = M.mi("x");
    x.setAttribute("mathvariant", "bold");
    return [
      p("lesson.s31.text"),
      formula("u", "=", "x", "·", "W", "+", "b"),
      g.node,
      section("3.1.1", "lesson.s311.title", [
        p("lesson.s311.text"),
        h4("lesson.s31.article"),
        formula("u", "=", "W", "x", "+", "b", "=", mmat("weights.0.weights", M.np8, true), mvec("x", M.np8, true), "+", mvec("weights.0.bias", M.np8, true), "=", mvec("sample.trace.layers.0.u", M.np8, true)),
        small("lesson.s31.articleShapes"),
        h4("lesson.s31.code"),
        formula("u", "=", "x", "·", "W", "+", "b", "=", mvec("x", M.np8), mmat("weights.0.weights", M.np8), "+", mvec("weights.0.bias", M.np8), "=", mvec("sample.trace.layers.0.u", M.np8)),
        small("lesson.s31.codeShapes"),
        p("lesson.s31.rule"),
        formula(M.row("(", "n", "×", "m", ")"), M.row("(", "m", "×", "p", ")"), "=", M.row("(", "n", "×", "p", ")")),
        el("div", { className: "warm-graph-box" }, [shapeGraph()]),
        formula(M.d("L", "x"), "=", M.d("L", "u"), "·", M.sup("W", "T"), M.text(" (1×3)(3×2) = (1×2) "), "=", mvec("sample.trace.dx")),
        formula(M.d("L", "W"), "=", M.sup("x", "T"), "·", M.d("L", "u"), M.text(" (2×1)(1×3) = (2×3) "), "=", mmat("sample.trace.layers.0.dw")),
      ]),
      section("3.1.2", "lesson.s312.title", [p("lesson.s312.text"), formula(M.d("L", "b"), "=", M.d("L", "u"), "·", "1", "=", mvec("sample.trace.layers.0.db"))]),
      toInspector(),
    ];
  });
}

/** §3.2 Activations: Sigmoid opened into nodes, ReLU with a unit off. */
function activations(k) {
  const { ctx, L, num, mn, npVec, npMat, printout, mmat, mvec, graph, toInspector, add } = k;
  add("3.2", "lesson.s32.title", (onDraw) => {
    const gs = graph(L.sigmoid.graph, [1], "s1n3", t("lesson.graphOf", { what: "Sigmoid" }));
    const gr = graph(L.reluOff.graph, [1], "s1n0", t("lesson.graphOf", { what: "ReLU, x = (5, −4)" }));
    onDraw(gs.draw);
    onDraw(gr.draw);
    const u = "u";
    const e = M.row("exp", "(", "−", u, ")");
    const dLdz = () => M.d("L", "z");
    const sg = (k) => mvec(`sigmoid.trace.layers.0.${k}`);
    const rl = (k) => mvec(`reluOff.trace.layers.0.${k}`);
    return [
      section("3.2.1", "lesson.s321.title", [
        p("lesson.s321.text"),
        formula("z", "=", M.frac("1", M.row("1", "+", M.row("exp", "(", "−", "u", ")"))), M.text("  :  "), "u", M.text(" →×(−1)→ "), "−", "u", M.text(" →exp→ "), e, M.text(" →+1→ "), M.row("1", "+", e.cloneNode(true)), M.text(" →1/x→ "), "z"),
        formula(M.d("L", "u"), "=", dLdz(), M.sup("z", "2"), e.cloneNode(true), "=", dLdz(), M.frac(e.cloneNode(true), M.sup(M.row("(", "1", "+", e.cloneNode(true), ")"), "2")), "=", dLdz(), M.frac("1", M.row("1", "+", e.cloneNode(true))), M.frac(e.cloneNode(true), M.row("1", "+", e.cloneNode(true))), "=", dLdz(), "z", M.row("(", "1", "−", "z", ")")),
        gs.node,
        small("lesson.s321.numbers"),
        formula("u", "=", sg("u"), ",", "z", "=", sg("z")),
        formula(dLdz(), "=", sg("dz"), ",", dLdz(), "z", M.row("(", "1", "−", "z", ")"), "=", sg("delta")),
      ]),
      section("3.2.2", "lesson.s322.title", [
        p("lesson.s322.text", { u: M.dec8(L.reluOff.trace.layers[0].u[0]).replace(/^-/, "−") }),
        formula("y", "=", M.cases([[M.row("x"), M.row(M.text("  "), "(", "x", ">", "0", ")")], [M.row("0"), M.row(M.text("  "), "(", "x", "≤", "0", ")")]]), M.text("   "), M.d("y", "x"), "=", M.cases([[M.row("1"), M.row(M.text("  "), "(", "x", ">", "0", ")")], [M.row("0"), M.row(M.text("  "), "(", "x", "≤", "0", ")")]])),
        gr.node,
        formula("x", "=", mvec("reluOff.point", M.np8), ",", M.layer("u", 1), "=", rl("u"), ",", M.layer("z", 1), "=", rl("z")),
        formula(M.d("L", M.layer("z", 1)), "=", rl("dz"), ",", M.d("L", M.layer("u", 1)), "=", rl("delta")),
        formula(M.d("L", M.layer("W", 1)), "=", mmat("reluOff.trace.layers.0.dw")),
        small("lesson.s322.off"),
      ]),
      toInspector(),
    ];
  });
}

/** §3.3 Softmax-with-Loss. */
function softmaxWithLoss(k) {
  const { ctx, L, num, mn, npVec, npMat, printout, mmat, mvec, graph, toInspector, add } = k;
  add("3.3", "lesson.s33.title", (onDraw) => {
    const g = graph(L.sample.graph, [3], "s3n0", t("lesson.graphOf", { what: "Softmax-with-Loss" }));
    onDraw(g.draw);
    const k = (s) => M.sub(s, "k");
    const sm = (key, fmt) => mvec(`softmax.${key}`, fmt);
    return [
      section("3.3.1", "lesson.s331.title", [
        p("lesson.s331.text"),
        formula(k("y"), "=", M.frac(M.row("exp", "(", k("u"), ")"), M.row(M.sub("Σ", "i"), "exp", "(", M.sub("u", "i"), ")")), "=", M.frac(k("e"), "S"), ",", "E", "=", "−", M.sub("Σ", "k"), k("t"), "log", k("y")),
        g.node,
        formula("u", "=", sm("u"), ",", "e", "=", sm("e"), ",", "S", "=", mn("softmax.s"), ",", "y", "=", sm("y")),
        formula("E", "=", "−", "log", M.sub("y", "2"), "=", mn("sample.trace.loss", M.repr)),
      ]),
      section("3.3.2", "lesson.s332.title", [
        p("lesson.s332.text"),
        formula("−", M.frac(k("t"), k("y")), "×", k("e"), "=", "−", k("t"), "×", M.frac("S", k("e")), "×", k("e"), "=", "−", k("t"), "S", M.text("  : "), sm("minusTS")),
        formula("−", M.row("(", M.sub("t", "1"), "+", M.sub("t", "2"), ")"), "S", "×", M.row("(", "−", M.frac("1", M.sup("S", "2")), ")"), "=", M.frac(M.row(M.sub("t", "1"), "+", M.sub("t", "2")), "S"), "=", M.frac("1", "S"), "=", mn("softmax.dS")),
        p("lesson.s332.branches"),
        formula(M.d("L", k("e")), "=", M.underBrace(M.frac("1", "S"), "Σ"), "+", M.underBrace(M.row("(", "−", M.frac(k("t"), k("e")), ")"), "×"), ":", sm("branchSum"), "+", sm("branchMul"), "=", sm("de")),
        formula(M.row("(", M.frac("1", "S"), "−", M.frac(k("t"), k("e")), ")"), "×", k("e"), "=", M.frac(k("e"), "S"), "−", k("t"), "=", k("y"), "−", k("t"), "=", sm("du")),
      ]),
      toInspector(),
    ];
  });
}

/** §4 The whole example, at the article's precision. */
function wholeExample(k) {
  const { ctx, L, num, mn, npVec, npMat, printout, mmat, mvec, graph, toInspector, add } = k;
  add("4", "lesson.s4.title", (onDraw) => {
    const g = graph(L.sample.graph, [], null, t("lesson.graphOf", { what: "x = (5, 1)" }));
    onDraw(g.draw);
    const s = "sample.trace";
    const layerBlock = (base, w) => [
      [`*** ${t("lesson.pr.W1")} ***`, npMat(`${base}.0.weights`, w)],
      [`*** ${t("lesson.pr.W2")} ***`, npMat(`${base}.1.weights`, w)],
      [`*** ${t("lesson.pr.b1")} ***`, npVec(`${base}.0.bias`, w)],
      [`*** ${t("lesson.pr.b2")} ***`, npVec(`${base}.1.bias`, w)],
    ];
    const grad = (label, path, isMat) => [label, isMat ? npMat(path, M.dec8) : npVec(path, M.dec8)];
    return [
      p("lesson.s4.text"),
      h4("lesson.s4.init"),
      printout(layerBlock("weights", M.np8)),
      h4("lesson.s4.forward"),
      formula(M.layer("u", 1), "=", "x", M.layer("W", 1), "+", M.layer("b", 1), ",", M.layer("z", 1), "=", "ReLU", "(", M.layer("u", 1), ")"),
      formula(M.layer("u", 2), "=", M.layer("z", 1), M.layer("W", 2), "+", M.layer("b", 2), ",", "y", "=", "softmax", "(", M.layer("u", 2), ")"),
      printout([
        ["x, t", el("span", {}, [npVec("x", M.np8), "  ", npVec("t", M.np8)])],
        [`*** ${t("lesson.pr.u1")} ***`, npVec(`${s}.layers.0.u`)],
        [`*** ${t("lesson.pr.z1")} ***`, npVec(`${s}.layers.0.z`)],
        [`*** ${t("lesson.pr.u2")} ***`, npVec(`${s}.layers.1.u`)],
        [`*** ${t("lesson.pr.y")} ***`, npVec(`${s}.y`)],
        [t("lesson.pr.sum"), num("sample.sumY", M.np8)],
        [t("lesson.pr.lossPrinted"), num("sample.lossPrinted", M.repr)],
        [t("lesson.pr.lossExact"), num(`${s}.loss`, M.repr)],
      ]),
      formula("E", "=", "−", M.sub("Σ", "k"), M.sub("t", "k"), "log", M.row("(", M.sub("y", "k"), "+", M.sup("10", "−7"), ")")),
      small("lesson.s4.eps"),
      h4("lesson.s4.backward"),
      formula(M.layer("δ", 2), "=", "y", "−", "t", ",", M.d("E", M.layer("W", 2)), "=", M.sup(M.layer("z", 1), "T"), M.layer("δ", 2), ",", M.d("E", M.layer("b", 2)), "=", M.layer("δ", 2)),
      formula(M.layer("δ", 1), "=", M.layer("δ", 2), M.sup(M.layer("W", 2), "T"), "⊙", "ReLU′", "(", M.layer("u", 1), ")", ",", M.d("E", M.layer("W", 1)), "=", M.sup("x", "T"), M.layer("δ", 1), ",", M.d("E", M.layer("b", 1)), "=", M.layer("δ", 1)),
      printout([
        grad("δ2 = y − t", `${s}.layers.1.delta`),
        grad("∂E/∂W2", `${s}.layers.1.dw`, true),
        grad("∂E/∂b2", `${s}.layers.1.db`),
        grad("δ1", `${s}.layers.0.delta`),
        grad("∂E/∂W1", `${s}.layers.0.dw`, true),
        grad("∂E/∂b1", `${s}.layers.0.db`),
        grad("∂E/∂x", `${s}.dx`),
      ]),
      h4("lesson.s4.update"),
      formula("W", "←", "W", "−", "η", M.d("E", "W"), ",", "η", "=", mn("learningRate", M.repr)),
      printout(layerBlock("updated", M.dec8)),
      h4("lesson.s4.loop"),
      p("lesson.s4.loopText"),
      el("div", { className: "lesson-compare" }, [
        el("div", {}, [h4("lesson.s4.printed"), printout(layerBlock("printed", M.np8))]),
        el("div", {}, [h4("lesson.s4.descent"), printout(layerBlock("descent", M.np8))]),
      ]),
      p("lesson.s4.why"),
      h4("lesson.s4.probe"),
      p("lesson.s4.probeText"),
      printout([
        ["x, t", el("span", {}, [npVec("probe", M.np8), "  ", npVec("t", M.np8)])],
        [`*** ${t("lesson.pr.u1")} ***`, npVec("probePass.trace.layers.0.u")],
        [`*** ${t("lesson.pr.z1")} ***`, npVec("probePass.trace.layers.0.z")],
        [`*** ${t("lesson.pr.u2")} ***`, npVec("probePass.trace.layers.1.u")],
        [`*** ${t("lesson.pr.y")} ***`, npVec("probePass.trace.y")],
        [t("lesson.pr.sum"), num("probePass.sumY", M.np8)],
        [t("lesson.pr.lossPrinted"), num("probePass.lossPrinted", M.repr)],
        [t("lesson.pr.lossExact"), num("probePass.trace.loss", M.repr)],
      ]),
      small("lesson.s4.probeDescent"),
      printout([
        [`*** ${t("lesson.pr.y")} ***`, npVec("descentProbe.trace.y")],
        [t("lesson.pr.lossExact"), num("descentProbe.trace.loss", M.repr)],
      ]),
      g.node,
      toInspector("lesson.toInspector4"),
      p("lesson.s4.python.text"),
      el("button", { type: "button", id: "lesson-python", className: "lesson-link", onclick: () => ctx.exportPython() }, [t("lesson.s4.python")]),
    ];
  });
}

/** §5 Now you. */
function nowYou(k) {
  const { ctx, L, num, mn, npVec, npMat, printout, mmat, mvec, graph, toInspector, add } = k;
  add("5", "lesson.s5.title", () => [
    p("lesson.s5.text"),
    el("div", { className: "lesson-try" }, [
      el("button", { type: "button", id: "lesson-try-xor", onclick: () => ctx.tryNetwork("xor") }, [t("lesson.s5.xor")]),
      el("button", { type: "button", id: "lesson-try-circle", onclick: () => ctx.tryNetwork("circle") }, [t("lesson.s5.circle")]),
    ]),
    small("lesson.s5.stuck"),
    p("lesson.s5.bigger"),
    el("div", { className: "lesson-try" }, [el("button", { type: "button", id: "lesson-try-bigger", onclick: () => ctx.tryNetwork("spiral") }, [t("lesson.s5.spiral")])]),
  ]);
}

/** The builders: each step's element, and `draw()` for what needs its box's width. */
export function buildSteps(ctx) {
  const { steps, add } = stepList();
  const toInspector = (key = "lesson.toInspector") => el("button", { type: "button", className: "lesson-link", onclick: () => ctx.openInspector() }, [t(key)]);
  const k = { ctx, L: ctx.L, ...numberKit(ctx.L), graph: liveGraph, toInspector, add };
  for (const step of [gradientDescent, chainRule, nested, affine, activations, softmaxWithLoss, wholeExample, nowYou]) step(k);
  return steps;
}
