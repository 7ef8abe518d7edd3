// The one place that writes and reads a parameter's name, as the core, the files and the
// links have it: `W1[0][2]` (layer 1's weight from input 0 to neuron 2, counted from 0 as in
// the article's code) and `b2[1]` (layer 2's bias of neuron 1).

/** The name of layer `layer`'s weight from input `from` to neuron `to`. */
export const weightName = (layer, from, to) => `W${layer}[${from}][${to}]`;

/** The name of layer `layer`'s bias of neuron `to`. */
export const biasName = (layer, to) => `b${layer}[${to}]`;

/** A name's parts, `{layer, from, to}` (`from` undefined for a bias), or null when `name` is
 * not a parameter's name. */
export function parseParam(name) {
  const m = /^(?:W(\d+)\[(\d+)\]\[(\d+)\]|b(\d+)\[(\d+)\])$/.exec(String(name));
  if (!m) return null;
  return m[1] !== undefined ? { layer: Number(m[1]), from: Number(m[2]), to: Number(m[3]) } : { layer: Number(m[4]), from: undefined, to: Number(m[5]) };
}
