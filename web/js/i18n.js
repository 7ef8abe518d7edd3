// Text is data: every string the page shows comes from one message table per language
// (messages-en.js, messages-ja.js; the same keys in both — a test checks). `t(key, vars)`
// fills `{name}` placeholders; elements marked `data-i18n="key"` (text), `data-i18n-title`,
// `data-i18n-aria-label`, `data-i18n-drop`, `data-i18n-placeholder` and `data-i18n-tip` get theirs from
// `translate(root)`.

import en from "./messages-en.js";
import ja from "./messages-ja.js";

export const TABLES = { en, ja };
export const LANGS = Object.keys(TABLES);

let current = "en";

/** The language a visitor without `lang=` in the link's fragment gets: the query's
 * (`?lang=ja`, as many sites write it), else ja for a ja-* browser, else en. */
export function browserLang() {
  const asked = new URLSearchParams(location.search).get("lang");
  if (LANGS.includes(asked)) return asked;
  const l = (navigator.languages?.[0] ?? navigator.language ?? "en").toLowerCase();
  return l === "ja" || l.startsWith("ja-") ? "ja" : "en";
}

export const lang = () => current;

export function setLang(l) {
  current = LANGS.includes(l) ? l : "en";
  // (Setting it, even to the same value, restyles the whole page.)
  if (document.documentElement.lang !== current) document.documentElement.lang = current;
  translate(document);
}

/** The message for `key` in the current language, with `{name}` replaced from `vars`. */
export function t(key, vars = {}) {
  return tIn(current, key, vars);
}

/** The message for `key` in `language`. */
export function tIn(language, key, vars = {}) {
  const table = TABLES[language] ?? en;
  const text = Object.hasOwn(table, key) ? table[key] : Object.hasOwn(en, key) ? en[key] : key;
  return text.replace(/\{(\w+)\}/g, (m, name) => (Object.hasOwn(vars, name) ? String(vars[name]) : m));
}

const ATTRS = [
  ["i18nTitle", "title"],
  ["i18nAriaLabel", "aria-label"],
  ["i18nDrop", "data-drop-text"],
  ["i18nPlaceholder", "placeholder"],
  ["i18nTip", "data-tip"],
];

/** Sets the text and attributes of every marked element under `root` — only those that
 * change: rewriting an equal text still costs the browser a new layout. */
export function translate(root) {
  for (const e of root.querySelectorAll("[data-i18n]")) {
    const text = t(e.dataset.i18n);
    if (e.textContent !== text) e.textContent = text;
  }
  for (const [key, attr] of ATTRS) {
    const sel = "[data-" + key.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase()) + "]";
    for (const e of root.querySelectorAll(sel)) {
      const text = t(e.dataset[key]);
      if (e.getAttribute(attr) !== text) e.setAttribute(attr, text);
    }
  }
  if (root === document && document.title !== t("app.title")) document.title = t("app.title");
}
