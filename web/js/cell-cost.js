// What a boundary picture costs per cell, and the side that fits a budget (the output view's
// resolution follows it).

const QUALITY_STEPS = 8; // the resolution moves in eighths of the full one

const MIN_PIXELS = 90; // the coarsest boundary drawn

/** What a boundary picture costs per cell, learned from the pictures made (a running mean),
 * and the side that fits a budget: in eighths of the full side, a step up only with room to
 * spare — every new size costs the core a new grid of features, so the size must not follow
 * each frame's jitter. */
export class CellCost {
  constructor(first) {
    this.ms = 0; // per cell; 0: not measured yet
    this.step = Math.round(first * QUALITY_STEPS);
  }

  learn(size, ms) {
    if (size < MIN_PIXELS || !(ms > 0)) return; // small grids: fixed costs dominate
    const cost = ms / (size * size);
    this.ms = this.ms ? 0.5 * this.ms + 0.5 * cost : cost;
  }

  /** The side (at least MIN_PIXELS, at most `full`) of a picture that costs about `budget` ms. */
  side(budget, full) {
    if (this.ms) {
      const fits = Math.min(1, Math.sqrt(budget / this.ms) / full) * QUALITY_STEPS;
      if (fits < this.step) this.step = Math.max(1, Math.floor(fits));
      else if (fits >= (this.step + 1) * 1.08) this.step = Math.min(QUALITY_STEPS, Math.floor(fits));
    }
    return Math.max(Math.min(full, MIN_PIXELS), Math.round((full * this.step) / QUALITY_STEPS));
  }
}
