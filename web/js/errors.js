// The core's errors in the page's language. An exception from wasm carries the core's `code`,
// its values `vars` (text, or a message of its own such as a task) and its places `at`
// (`[{line: n} | {field: name}]`, outermost first); each code has its text `core.<code>` in
// both message tables (crates/backprop/tests/messages.rs fails for a code without one). Any
// other exception (a browser's, a bug) shows its own message.

import { lang, tIn } from "./i18n.js";

/** `e`, an exception or a nested message from the core, worded in `language`. */
export function errorText(e, language = lang()) {
  if (e === null || typeof e !== "object" || typeof e.code !== "string") {
    return typeof e?.message === "string" ? e.message : String(e);
  }
  const vars = {};
  for (const [name, v] of Object.entries(e.vars ?? {})) {
    vars[name] = v !== null && typeof v === "object" ? errorText(v, language) : v;
  }
  let text = tIn(language, `core.${e.code}`, vars);
  const places = Array.isArray(e.at) ? e.at : [];
  for (let i = places.length - 1; i >= 0; i--) {
    const at = places[i];
    text = typeof at?.line === "number"
      ? tIn(language, "core.line", { n: at.line, rest: text })
      : tIn(language, "core.at", { where: String(at?.field ?? ""), rest: text });
  }
  return text;
}
