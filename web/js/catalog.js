// The core's catalog: limits, data sets, features, activations, optimizers, the range and
// default of every setting, and the input square. The page asks wasm for these once at start
// (`Playground.catalog()`) and never restates a number the core owns.

let current = null;

export function setCatalog(c) {
  current = c;
}

/** The catalog; throws if the wasm handle has not supplied it yet. */
export function catalog() {
  if (!current) throw new Error("the catalog is read before the core is loaded");
  return current;
}

export const limits = () => catalog().limits;

/** Half the side of the input square: data and the boundary span [−extent, extent]². */
export const extent = () => catalog().inputSquare.max;

/** The data set's entry ({id, classes}; classes 0 means regression). */
export function datasetInfo(id) {
  const sets = catalog().datasets;
  return sets.find((d) => d.id === id) ?? sets[0];
}
