// The computation graph's geometry: how wide each arrow's numbers and each node are, which
// elements share a row (a layer is not cut in two where it fits on one), the rows made even,
// the parameters' gradient blocks stacked over them, and each row's height. No drawing here
// (graph.js draws); `layout(els, width)` is the one entry.

import { t } from "./i18n.js";
import { fixed } from "./numbers.js";

export const LINE = 14; // px per line of numbers
export const CHAR = 6.6; // px per character of numbers (monospace 11px)
export const MAX_LINES = 4; // numbers listed per arrow label; longer vectors end in "…"
export const ROW_GAP = 26;
export const MARGIN = 10;
export const NODE_H = 38;

export const fmt = fixed;
/** A vector (or scalar) as label lines. */
export function lines(v) {
  const a = Array.isArray(v) ? v : [v];
  if (a.length === 1) return [fmt(a[0])];
  const shown = a.slice(0, a.length > MAX_LINES ? MAX_LINES - 1 : MAX_LINES).map(fmt);
  if (a.length > MAX_LINES) shown.push(`… (${a.length})`);
  return shown;
}
/** The lines drawn under a node that feeds two (softmax's e): its gradient is the sum of the
 * two shares that come back, Σ's and ×'s. */
export const fanLines = (e) => [t("graph.fanSum"), ...lines(e.grad)];

/** The lines of a parameter's gradient drawn over its operand arrow (∂L/∂W1 and the matrix,
 * rows of at most four numbers; a larger one by its shape), or null. */
function paramLines(e) {
  const g = e.paramGrad;
  if (!g) return null;
  const rows = g.length;
  const cols = g[0]?.length ?? 0;
  const head = `∂L/∂${e.operand}` + (rows > 4 || cols > 4 ? ` (${rows}×${cols})` : "");
  const cells = g.flat().map(fmt);
  const wide = Math.max(...cells.map((c) => c.length));
  const row = (r) => (cols > 4 ? [...r.slice(0, 3).map(fmt), "…"] : r.map(fmt)).map((c) => c.padStart(wide)).join(" ");
  const body = rows > 4 ? [...g.slice(0, 2).map(row), "…"] : g.map(row);
  return [head, ...body];
}

/** Arrow label width (px) for the numbers flowing out of element `e`. */
const labelWidth = (e) => Math.max(56, ...[...lines(e.scalar ? e.value[0] : e.value), ...lines(e.scalar ? e.grad[0] : e.grad)].map((s) => s.length * CHAR + 18));
const nodeWidth = (e) =>
  e.collapsed || e.kind === "input" || e.kind === "L"
    ? Math.max(40, e.label.length * 7.5 + 20, ...(e.yt ?? []).map((s) => s.length * CHAR + 12))
    : Math.max(38, e.label.length * 7 + 16, ...(e.fanOut ? fanLines(e).map((s) => s.length * CHAR + 10) : []));

/** The runs of elements that belong together: an opened stage's nodes (one layer, one
 * frame), or one element alone; the input goes with what follows it, L with what comes
 * before. */
function runsOf(els) {
  const runs = [];
  els.forEach((e, i) => {
    const prev = runs.at(-1);
    const opened = e.stage !== undefined && !e.collapsed;
    if (prev && (e.kind === "L" || (opened && (prev.stage === e.stage || prev.input)))) {
      prev.end = i + 1;
      if (opened) (prev.stage = e.stage), (prev.input = false);
    } else runs.push({ stage: opened ? e.stage : undefined, input: e.kind === "input", start: i, end: i + 1 });
  });
  return runs;
}

/** Each element's place, [incoming arrow][node], in rows no wider than `limit`: a row breaks
 * before an element that would pass it, and a layer that fits on a row of its own starts one
 * rather than being cut in two (a longer one does too, unless half of it fits). */
function placeRuns(els, sizes, runs, limit) {
  const runWidth = (r) => sizes.slice(r.start, r.end).reduce((sum, [a, w]) => sum + a + w, 0);
  let x = MARGIN;
  let row = 0;
  const placed = [];
  for (const r of runs) {
    let fits = 0;
    for (let i = r.start, end = x; i < r.end && (end += sizes[i][0] + sizes[i][1]) <= limit; i++) fits++;
    const fresh = MARGIN + runWidth(r) <= limit ? fits < r.end - r.start : fits < (r.end - r.start) / 2;
    if (r.start > 0 && x > MARGIN && fresh) {
      row++;
      x = MARGIN;
    }
    for (let i = r.start; i < r.end; i++) {
      const [arrow, nw] = sizes[i];
      if (i > 0 && x + arrow + nw > limit && x > MARGIN) {
        row++;
        x = MARGIN;
      }
      placed.push({ e: els[i], row, ax: x, aw: arrow, nx: x + arrow, nw });
      x += arrow + nw;
    }
  }
  return placed;
}

/** As few rows as `width` allows, and those as even as can be (eight elements on two rows are
 * four and four, not seven and a lone L), centred: the places and the shift applied. */
function placeAll(els, width) {
  const sizes = els.map((e, i) => [i === 0 ? 0 : labelWidth(els[i - 1]), nodeWidth(e)]);
  const runs = runsOf(els);
  let placed = placeRuns(els, sizes, runs, width - MARGIN);
  const rows = placed.at(-1).row + 1;
  if (rows > 1) {
    // The narrowest limit that needs no more rows (bisection over the width).
    let lo = MARGIN;
    let hi = width - MARGIN;
    for (let k = 0; k < 20 && hi - lo > 1; k++) {
      const mid = (lo + hi) / 2;
      if (placeRuns(els, sizes, runs, mid).at(-1).row + 1 <= rows) hi = mid;
      else lo = mid;
    }
    placed = placeRuns(els, sizes, runs, hi);
  }
  // The picture centred in its box (rows made even leave room on the right).
  const shift = Math.max(0, Math.floor((width - MARGIN - Math.max(...placed.map((p) => p.nx + p.nw))) / 2));
  for (const p of placed) (p.ax += shift), (p.nx += shift);
  return { placed, rows, shift };
}

/** Over the rows, the parameters' gradients (dW, db) of opened Affine layers: one block per
 * dot or add node, centred over it (inside the picture), and stacked in levels where blocks
 * would meet. Laid out whether shown yet or not, so the graph does not move as steps go on.
 * Returns the blocks by element id and the number of levels per row. */
function paramBlocks(placed, width) {
  const blocks = new Map(); // element id → {lines, x0, level}
  const levels = [];
  for (const r of new Set(placed.map((p) => p.row))) {
    const ends = [];
    for (const p of placed.filter((q) => q.row === r)) {
      const pl = paramLines(p.e);
      if (!pl) continue;
      const w = Math.max(...pl.map((s) => s.length)) * CHAR;
      // (A block moved right beside the one it would meet read as one wide matrix with it:
      // it takes a level of its own instead.)
      const x0 = Math.max(2, Math.min(p.nx + p.nw / 2 - w / 2, width - 2 - w));
      let level = ends.findIndex((end) => end + 12 <= x0);
      if (level < 0) level = ends.push(0) - 1;
      ends[level] = x0 + w;
      blocks.set(p.e.id, { lines: pl, x0, level });
    }
    levels[r] = ends.length;
  }
  return { blocks, levels };
}

/** The whole geometry of a drawing: places, rows, bands, the parameter blocks and the rows'
 * tops, with `midY(row)` (where a row's arrows run) and `blockTop(row)`. */
export function layout(els, width) {
  const { placed, rows, shift } = placeAll(els, width);
  const maxLines = Math.min(MAX_LINES, Math.max(1, ...els.map((e) => lines(e.scalar ? e.value[0] : e.value).length)));
  const band = maxLines * LINE + 6; // label band above and below the arrows
  // (Below a node that feeds two, the sum of its two gradients: the band makes room for it.)
  const fan = els.find((e) => e.fanOut);
  const bandBelow = Math.max(band, fan ? fanLines(fan).length * LINE + 14 : 0);
  const { blocks, levels } = paramBlocks(placed, width);
  const blockH = Math.max(0, ...[...blocks.values()].map((b) => b.lines.length)) * LINE + 4;
  // Each row is as tall as its numbers and its blocks need.
  const extraTop = (r) => (levels[r] ? levels[r] * blockH + 6 : 0);
  const rowH = band + bandBelow + NODE_H + 30;
  const tops = [4];
  for (let r = 1; r <= rows; r++) tops.push(tops[r - 1] + extraTop(r - 1) + rowH + ROW_GAP);
  return {
    placed,
    rows,
    shift,
    width,
    height: tops[rows] - ROW_GAP + 4,
    bandBelow,
    blocks,
    blockH,
    rowTop: (r) => tops[r],
    blockTop: (r) => tops[r] + extraTop(r),
    midY: (r) => tops[r] + extraTop(r) + band + 9 + NODE_H / 2,
  };
}
