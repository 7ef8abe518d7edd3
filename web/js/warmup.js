// The article's warm-up (§2.2): z = t², t = x + y as a tiny computation graph of its own, x and
// y editable, every value above its arrow and every gradient below it. The numbers come from
// the core (`Playground.warmUp`).

import { $, onEscape, svg } from "./dom.js";
import { t } from "./i18n.js";
import { errorText } from "./errors.js";
import { strictNumber, markInvalid } from "./strict.js";

const fmt = (v) => String(Math.round(v * 10000) / 10000);

export class WarmUp {
  constructor(Playground) {
    this.Playground = Playground;
    $("warmup-open").addEventListener("click", () => this.toggle($("warmup").hidden));
    // Escape closes it and gives the focus back to its button.
    onEscape($("warmup"), () => {
      this.toggle(false);
      $("warmup-open").focus();
    });
    for (const id of ["warm-x", "warm-y"]) $(id).addEventListener("input", () => this.draw());
  }

  /** Opens (and brings into sight) or closes the warm-up. */
  toggle(open) {
    $("warmup").hidden = !open;
    $("warmup-open").setAttribute("aria-expanded", String(open));
    if (!open) return;
    this.draw();
    $("warmup").scrollIntoView({ block: "nearest" });
  }

  draw() {
    if ($("warmup").hidden) return;
    // A value that is not a number, or one too large, is said where the explanation goes and
    // marks its box; the graph keeps the last good values.
    const say = (box, message) => {
      for (const b of [$("warm-x"), $("warm-y")]) markInvalid(b, b === box ? message : null);
      if (message) $("warm-explain").textContent = message;
    };
    const values = [];
    for (const [box, name] of [[$("warm-x"), "x"], [$("warm-y"), "y"]]) {
      const v = strictNumber(box.value);
      if (v === null) return say(box, t("weights.notNumber", { name, value: box.value }));
      values.push(v);
    }
    let w;
    try {
      w = this.Playground.warmUp(values[0], values[1]);
    } catch (e) {
      return say(e?.at?.[0]?.field === "y" ? $("warm-y") : $("warm-x"), errorText(e));
    }
    say(null, null);
    const root = svg("svg", { width: 520, height: 170, viewBox: "0 0 520 170", class: "cg warm" });
    const defs = svg("defs");
    const m = svg("marker", { id: "wu-arrow", viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto" });
    m.append(svg("path", { d: "M0,0 L10,5 L0,10 z", fill: "#555" }));
    defs.append(m);
    root.append(defs);
    const arrow = (x1, y1, x2, y2, fwd, bwd) => {
      const g = svg("g", { class: "cg-arrow" });
      g.append(svg("line", { x1, y1, x2, y2, "marker-end": "url(#wu-arrow)" }));
      const cx = (x1 + x2) / 2;
      const cy = (y1 + y2) / 2;
      g.append(svg("text", { x: cx, y: cy - 7, class: "cg-fwd" }, fwd));
      g.append(svg("text", { x: cx, y: cy + 16, class: "cg-bwd" }, bwd));
      root.append(g);
    };
    const node = (kind, cx, cy, label, forward, backward) => {
      const g = svg("g", { class: "cg-node cg-prim reached", "data-node": kind, "data-forward": JSON.stringify(forward), "data-backward": JSON.stringify(backward) });
      g.append(svg("ellipse", { cx, cy, rx: 22, ry: 18 }));
      g.append(svg("text", { x: cx, y: cy + 4, class: "cg-sym" }, label));
      root.append(g);
    };
    const end = (kind, x0, cy, label, forward, backward) => {
      const g = svg("g", { class: "cg-node cg-end reached", "data-node": kind, "data-forward": JSON.stringify(forward), "data-backward": JSON.stringify(backward) });
      g.append(svg("rect", { x: x0, y: cy - 16, width: 32, height: 32, rx: 4 }));
      g.append(svg("text", { x: x0 + 16, y: cy + 4, class: "cg-sym" }, label));
      root.append(g);
    };
    end("input", 10, 45, "x", w.x, w.dzDx);
    end("input", 10, 125, "y", w.y, w.dzDy);
    node("add", 200, 85, "+", w.t, w.dzDt);
    node("square", 360, 85, "x²", w.z, 1);
    end("output", 478, 85, "z", w.z, 1);
    arrow(42, 48, 176, 80, `x = ${fmt(w.x)}`, `∂z/∂x = ${fmt(w.dzDx)}`);
    arrow(42, 122, 176, 92, `y = ${fmt(w.y)}`, `∂z/∂y = ${fmt(w.dzDy)}`);
    arrow(222, 85, 336, 85, `t = ${fmt(w.t)}`, `∂z/∂t = ${fmt(w.dzDt)}`);
    arrow(382, 85, 476, 85, `z = ${fmt(w.z)}`, "∂z/∂z = 1");
    $("warm-graph").replaceChildren(root);
    $("warm-explain").textContent = t("warm.explain", { t: fmt(w.t), z: fmt(w.z), dzdt: fmt(w.dzDt), dzdx: fmt(w.dzDx), dzdy: fmt(w.dzDy) });
  }
}
