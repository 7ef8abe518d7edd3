// A neuron's output on the big output canvas, as TF Playground shows it while the pointer (or
// the keyboard's focus) is on a node of the network graph: the node's values from the frame's
// all-neuron grid (no extra pass), painted as its thumbnail is, large; a label says which.

import { $ } from "./dom.js";
import { Bitmap, paintNode, featureScale } from "./draw.js";
import { t } from "./i18n.js";

export class NeuronPreview {
  constructor() {
    this.node = null; // {layer, i, what}: what is shown instead of the network's output
    this.bmp = null;
    this.label = $("neuron-shown");
  }

  /** Shows `node` ({layer, i, what: its name as the graph says it}) or, with null, the
   * network's output again. Returns whether anything changed. */
  set(node) {
    const same = node === this.node || (node && this.node && node.layer === this.node.layer && node.i === this.node.i && node.what === this.node.what);
    if (same) return false;
    this.node = node;
    this.label.hidden = !node;
    this.label.textContent = node ? t("out.preview", { what: node.what }) : "";
    const canvas = $("boundary");
    if (node) canvas.dataset.preview = `${node.layer},${node.i}`;
    else delete canvas.dataset.preview;
    return true;
  }

  /** Paints the node's values from `grid` over the canvas (`w` CSS pixels a side); false when
   * the grid has no such node (the network changed under the pointer). */
  draw(ctx, grid, w) {
    const n = this.node;
    const layer = n && grid.layers[n.layer];
    if (!layer || n.i >= layer.width) return false;
    if (this.bmp?.size !== grid.size) this.bmp = new Bitmap(grid.size);
    // Features span the input square (x₁² up to its square): each scaled into [−1, 1], as
    // its thumbnail is.
    const scale = n.layer === 0 ? featureScale(layer.buf, layer.width, n.i) : 1;
    paintNode(this.bmp.pixels, layer.buf, layer.width, n.i, grid.size, 1, scale);
    this.bmp.commit();
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, w, w);
    ctx.globalAlpha = 0.72;
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = "high";
    ctx.drawImage(this.bmp.canvas, 0, 0, w, w);
    ctx.globalAlpha = 1;
    return true;
  }
}
