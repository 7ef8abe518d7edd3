// Links that carry weights: `w=` holds every parameter as float64 bytes (little-endian) and a
// CRC-32 of those bytes (4 bytes, little-endian), in base64url — exact to the bit, compact (8
// bytes a parameter) and checked: a changed, missing or added character is refused, never read
// as other weights. Links made before the checksum (whole float64s only) still load, with a
// notice that they could not be checked. `#share-weights` puts such a link into `#share-link`
// and onto the clipboard, and never makes one the page would refuse.

import { $ } from "./dom.js";
import { t, lang } from "./i18n.js";
import * as notice from "./notice.js";
import { toConfig } from "./state.js";
import { errorText } from "./errors.js";

const MAX_W_CHARS = 100_000;

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});

/** CRC-32 (IEEE) of `bytes`: catches every change of up to 32 bits in a row, so every changed
 * character (6 bits). */
export function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function toBase64url(bytes) {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** float64 values → base64url of their bytes and their CRC-32. */
export function encodeWeights(values) {
  const n = values.length * 8;
  const bytes = new Uint8Array(n + 4);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => view.setFloat64(i * 8, v, true));
  view.setUint32(n, crc32(bytes.subarray(0, n)), true);
  return toBase64url(bytes);
}

/** base64url → `{values, checked}`: `checked` false for a link made before the checksum.
 * Throws, with the message tables' words, on anything else: a character that is not base64url,
 * a length that is not whole float64s (and a checksum), a checksum that does not match, or
 * text that is not exactly what the encoder writes for its bytes. */
export function decodeWeights(text) {
  const bad = () => new Error(t("share.bad"));
  if (text.length > MAX_W_CHARS || !/^[A-Za-z0-9_-]+$/.test(text)) throw bad();
  let bin;
  try {
    bin = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  } catch {
    throw bad();
  }
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  // Bits a decoder ignores (the last character's spare ones) must be as written, too.
  if (toBase64url(bytes) !== text) throw bad();
  const view = new DataView(bytes.buffer);
  let n = bytes.length;
  let checked = false;
  if (n % 8 === 4 && n > 4) {
    n -= 4;
    if (view.getUint32(n, true) !== crc32(bytes.subarray(0, n))) throw bad();
    checked = true;
  } else if (n % 8 !== 0 || n === 0) {
    throw bad();
  }
  const values = Float64Array.from({ length: n / 8 }, (_, i) => view.getFloat64(i * 8, true));
  return { values, checked };
}

/** What a share link may carry: `{values, lastGood}` — the current weights, or after a
 * divergence the last good ones — or `{error}` when there are none or when the page a link
 * opens (the fragment's settings) would refuse them. */
export function shareable(app) {
  let values = app.params();
  let lastGood = false;
  if (!Array.from(values).every(Number.isFinite) || app.pg.exportsLastGood()) {
    try {
      const model = JSON.parse(app.exportModel());
      values = Float64Array.from(model.layers.flatMap((l) => [...l.weights.flat(), ...l.bias]));
      lastGood = true;
    } catch (e) {
      return { error: errorText(e) };
    }
  }
  // The page that opens the link starts from its settings alone: it must take these weights.
  let probe = null;
  try {
    probe = new app.Playground(toConfig(app.config));
    probe.setParams(values);
  } catch (e) {
    return { error: errorText(e) };
  } finally {
    probe?.free();
  }
  return { values, lastGood };
}

/** Splits `w=` off a fragment: [the fragment without it, the weights text or null]. */
export function splitWeights(hash) {
  const text = (hash || "").replace(/^#/, "");
  const parts = text.split("&");
  const w = parts.find((p) => p.startsWith("w="));
  return [parts.length && text ? "#" + parts.filter((p) => !p.startsWith("w=")).join("&") : "", w ? w.slice(2) : null];
}

/** Sentences as one text: spaced in English, run together in Japanese. */
export const sentences = (parts) => parts.join(lang() === "ja" ? "" : " ");

export function initShare(app) {
  // (Its notice comes right under the block, covering nothing: notice.js.)
  const near = document.querySelector(".share");
  $("share-weights").addEventListener("click", async () => {
    const share = shareable(app);
    if (share.error) {
      notice.show(t("share.cannot", { error: share.error }), [], near);
      return;
    }
    const link = `${location.origin}${location.pathname}${app.fragment()}&w=${encodeWeights(share.values)}`;
    // What the link does not carry is said with the copy.
    const notes = [
      share.lastGood ? t("share.lastGood") : "",
      app.customData ? t("share.noData", { n: app.pg.points().length / 4 }) : "",
    ].filter(Boolean);
    const field = $("share-link");
    field.value = link;
    field.hidden = false;
    field.select();
    try {
      await navigator.clipboard.writeText(link);
      notice.show(sentences([t("share.copied"), ...notes]), [], near);
    } catch {
      notice.show(sentences([t("share.select"), ...notes]), [], near);
    }
  });
}
