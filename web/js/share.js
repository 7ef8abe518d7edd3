// Links that carry weights: `w=` holds every parameter as float64 bytes (little-endian) in
// base64url — exact to the bit and compact (8 bytes a parameter). `#share-weights` puts such a
// link into `#share-link` and onto the clipboard; opening it gives the same weights.

import { $ } from "./dom.js";
import { t } from "./i18n.js";
import * as notice from "./notice.js";

const MAX_W_CHARS = 100_000;

/** float64 values → base64url. */
export function encodeWeights(values) {
  const bytes = new Uint8Array(values.length * 8);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => view.setFloat64(i * 8, v, true));
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** base64url → float64 values; throws on anything that is not whole float64s. */
export function decodeWeights(text) {
  if (text.length > MAX_W_CHARS || !/^[A-Za-z0-9_-]*$/.test(text)) throw new Error(t("share.bad"));
  const bin = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  if (bin.length % 8 !== 0 || bin.length === 0) throw new Error(t("share.bad"));
  const view = new DataView(new ArrayBuffer(bin.length));
  for (let i = 0; i < bin.length; i++) view.setUint8(i, bin.charCodeAt(i));
  return Float64Array.from({ length: bin.length / 8 }, (_, i) => view.getFloat64(i * 8, true));
}

/** Splits `w=` off a fragment: [the fragment without it, the weights text or null]. */
export function splitWeights(hash) {
  const text = (hash || "").replace(/^#/, "");
  const parts = text.split("&");
  const w = parts.find((p) => p.startsWith("w="));
  return [parts.length && text ? "#" + parts.filter((p) => !p.startsWith("w=")).join("&") : "", w ? w.slice(2) : null];
}

export function initShare(app) {
  $("share-weights").addEventListener("click", async () => {
    const link = `${location.origin}${location.pathname}${app.fragment()}&w=${encodeWeights(app.params())}`;
    const field = $("share-link");
    field.value = link;
    field.hidden = false;
    field.select();
    try {
      await navigator.clipboard.writeText(link);
      notice.show(t("share.copied"));
    } catch {
      notice.show(t("share.select"));
    }
  });
}
