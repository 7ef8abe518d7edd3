// The loss landscape's drawing: axes, the colour scale, arrows and contour lines on a 2D
// canvas context — pure functions of what they are given (landscape.js decides what).

import { divergingCss } from "./draw.js";

/** Marching squares: the segments where `grid` (n×n, row-major, rows = y) crosses `level`. */
export function contour(grid, n, level) {
  const segs = [];
  const at = (i, j) => grid[i * n + j];
  const lerp = (a, b) => (level - a) / (b - a);
  for (let i = 0; i < n - 1; i++)
    for (let j = 0; j < n - 1; j++) {
      const v = [at(i, j), at(i, j + 1), at(i + 1, j + 1), at(i + 1, j)];
      const pts = [];
      const edges = [
        [0, 1, (f) => [j + f, i]],
        [1, 2, (f) => [j + 1, i + f]],
        [3, 2, (f) => [j + f, i + 1]],
        [0, 3, (f) => [j, i + f]],
      ];
      for (const [a, b, p] of edges) if (v[a] < level !== v[b] < level) pts.push(p(lerp(v[a], v[b])));
      if (pts.length === 2) segs.push(pts);
      else if (pts.length === 4) segs.push([pts[0], pts[1]], [pts[2], pts[3]]);
    }
  return segs;
}

/** The map's colour scale on its right: the loss at its ends and middle (log scale, as the
 * colours and contours are), and a mark at the current weights' loss. */
export function drawScale(ctx, f, lo, hi, now) {
  const x = f.right + 8;
  const w = 10;
  const steps = 48;
  const dh = (f.bottom - f.top) / steps;
  for (let k = 0; k < steps; k++) {
    ctx.fillStyle = divergingCss(1 - 2 * ((k + 0.5) / steps));
    ctx.fillRect(x, f.bottom - (k + 1) * dh, w, dh + 0.6);
  }
  ctx.strokeStyle = "#999";
  ctx.lineWidth = 1;
  ctx.strokeRect(x + 0.5, f.top + 0.5, w, f.bottom - f.top);
  ctx.fillStyle = "#333";
  ctx.textAlign = "left";
  const label = (v) => (v >= 0.01 && v < 1000 ? v.toPrecision(3) : v.toExponential(1));
  const room = f.w - (x + w + 3) - 1;
  const font = ctx.font;
  const texts = [hi, (lo + hi) / 2, lo].map((l) => label(Math.exp(l)));
  const widest = Math.max(...texts.map((s) => ctx.measureText(s).width));
  if (widest > room) ctx.font = font.replace(/^\d+px/, `${Math.floor((11 * room) / widest)}px`);
  ctx.fillText(texts[0], x + w + 3, f.top + 9);
  ctx.fillText(texts[1], x + w + 3, (f.top + f.bottom) / 2 + 4);
  ctx.fillText(texts[2], x + w + 3, f.bottom);
  ctx.font = font;
  // The current loss: a mark across the bar.
  if (Number.isFinite(now) && hi > lo) {
    const y = f.bottom - ((Math.log(Math.max(now, 1e-12)) - lo) / (hi - lo)) * (f.bottom - f.top);
    ctx.strokeStyle = "#111";
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.moveTo(x - 4, y);
    ctx.lineTo(x + w + 1, y);
    ctx.stroke();
  }
}

/** The frame of the plot, both ends of each axis and the axes' names. */
export function drawAxes(ctx, f, xName, yName, [x0, x1], [y0, y1]) {
  // Both ends of an axis with the same decimals, as many as its length asks for (±1: two).
  const fixed = (lo, hi) => {
    const digits = Math.max(0, Math.min(6, 2 - Math.floor(Math.log10(Math.abs(hi - lo) || 1))));
    return (v) => v.toFixed(digits);
  };
  const tx = fixed(x0, x1);
  const ty = fixed(y0, y1);
  ctx.strokeStyle = "#999";
  ctx.lineWidth = 1;
  ctx.strokeRect(f.left + 0.5, f.top + 0.5, f.right - f.left, f.bottom - f.top);
  ctx.fillStyle = "#333";
  ctx.textAlign = "left";
  ctx.fillText(tx(x0), f.left, f.h - 12);
  ctx.textAlign = "right";
  ctx.fillText(tx(x1), f.right, f.h - 12);
  ctx.textAlign = "center";
  ctx.fillText(xName, (f.left + f.right) / 2, f.h - 4);
  ctx.textAlign = "right";
  // The y ticks in the margin, in smaller type when they would not fit (a small loss, many
  // decimals).
  const font = ctx.font;
  const widest = Math.max(ctx.measureText(ty(y1)).width, ctx.measureText(ty(y0)).width);
  if (widest > f.left - 6) ctx.font = font.replace(/^\d+px/, `${Math.floor((11 * (f.left - 6)) / widest)}px`);
  ctx.fillText(ty(y1), f.left - 4, f.top + 9);
  ctx.fillText(ty(y0), f.left - 4, f.bottom);
  ctx.font = font;
  ctx.save();
  ctx.translate(12, (f.top + f.bottom) / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textAlign = "center";
  ctx.fillText(yName, 0, 0);
  ctx.restore();
}

/** An arrow from (x0, y0) to (x1, y1). */
export function drawArrow(ctx, x0, y0, x1, y1, color) {
  ctx.strokeStyle = ctx.fillStyle = color;
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.moveTo(x0, y0);
  ctx.lineTo(x1, y1);
  ctx.stroke();
  const a = Math.atan2(y1 - y0, x1 - x0);
  ctx.beginPath();
  ctx.moveTo(x1, y1);
  ctx.lineTo(x1 - 8 * Math.cos(a - 0.4), y1 - 8 * Math.sin(a - 0.4));
  ctx.lineTo(x1 - 8 * Math.cos(a + 0.4), y1 - 8 * Math.sin(a + 0.4));
  ctx.fill();
}
