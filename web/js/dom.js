// The one DOM helper: look elements up by id and build them from props and children.
// Text is only ever set as text (`textContent`), never parsed as HTML.

export const $ = (id) => document.getElementById(id);

/**
 * el("button", { type: "button", className: "x", dataset: { layer: "1" }, aria: { label: "…" } }, [children])
 * Strings among the children become text nodes.
 */
export function el(tag, props = {}, children = []) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === "dataset") Object.assign(e.dataset, v);
    else if (k === "aria") for (const [a, x] of Object.entries(v)) e.setAttribute(`aria-${a}`, x);
    else e[k] = v;
  }
  for (const c of [].concat(children)) if (c !== null && c !== undefined) e.append(c);
  return e;
}

/** Calls `fn()` when Escape is pressed inside `element` (a panel closing itself); the key
 * goes no further (the notice's own Escape leaves it alone). */
export function onEscape(element, fn) {
  element.addEventListener("keydown", (e) => {
    if (e.key !== "Escape") return;
    e.preventDefault();
    e.stopPropagation();
    fn();
  });
}

/** Whether the focused element uses the arrow and page keys itself (a text box, a select, a
 * slider, a radio button, a canvas with a keyboard cursor): a button, a checkbox or a link does
 * not, so a presenter's clicker steps the graph right after one of those was clicked. */
export const usesArrows = (target) => target instanceof Element && Boolean(target.closest("input:not([type=checkbox]):not([type=button]):not([type=file]), select, textarea, [contenteditable], canvas, [role=slider]"));
/** Whether a key pressed on `target` is its own (a control, a summary, a focusable canvas or
 * graph): the page's shortcuts (Space, the arrows) leave those keys alone. */
export const usesKeys = (target) => target instanceof Element && target !== document.body && Boolean(target.closest("input, select, button, textarea, summary, a, [tabindex], [contenteditable]"));

/** Position of a pointer event inside an element, in its own CSS pixels (a presented panel
 * is zoomed: present.js). */
export function localXY(e, element) {
  const r = element.getBoundingClientRect();
  const z = element.currentCSSZoom || 1;
  return [(e.clientX - r.left) / z, (e.clientY - r.top) / z];
}

/** Device pixels per CSS pixel of `element`: the screen's ratio times its zoom (presenting). */
export const pixelRatio = (element) => (window.devicePixelRatio || 1) * (element.currentCSSZoom || 1);

/** The most device pixels per CSS pixel a canvas that changes while training is drawn at when
 * the page is `lean` (app.lean: frames came late while training on a dense screen, until
 * paused): a 3× phone's canvases then cost the browser's commit a quarter of their pixels. */
export const LEAN_RATIO = 1.5;

/** The pixel ratio `element`'s canvas is drawn at: `pixelRatio`, at most LEAN_RATIO per CSS
 * pixel as presented (times a presenting panel's zoom) when `lean`. */
export const drawRatio = (element, lean) => Math.min(pixelRatio(element), lean ? LEAN_RATIO * (element.currentCSSZoom || 1) : Infinity);

/** Calls `fn(cssWidth, deviceWidth)` whenever the layout gives `element` a new content width
 * (and once after the first layout), from a ResizeObserver: reading the size never forces a
 * layout. The device width is the CSS width times the pixel ratio and the zoom (what the browser's own
 * device-pixel box reports is not emulated by DevTools, so tests could not check it). */
export function observeSize(element, fn) {
  let last = "";
  const ro = new ResizeObserver(([e]) => {
    const css = e.contentRect.width;
    const device = Math.round(css * pixelRatio(element));
    const key = `${css} ${device}`;
    if (css > 0 && key !== last) {
      last = key;
      fn(css, device);
    }
  });
  ro.observe(element);
}

/** An SVG element `tag` with `attrs` set (as text) and, if given, its text. */
export function svg(tag, attrs = {}, text) {
  const e = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}
