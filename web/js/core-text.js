// The core's messages in the page's language. The core (Rust) words its validation errors in
// English; each pattern here recognises one of them and names its message key, so the page
// shows it from the message table of the current language. A message no pattern knows is shown
// as the core wrote it. `rest` captures are translated in turn (e.g. "line 3: x2: …").

import { lang, tIn } from "./i18n.js";

const PATTERNS = [
  [/^line (\d+): (.+)$/s, "core.line", ["n", "*rest"]],
  [/^(layers\[\d+\][\w.[\]]*|features\[\d+\]|features|activation|output|format|file|layers|label|split|x1|x2|x|y|config|[Wb]\d+\[\d+\](?:\[\d+\])?): (.+)$/s, "core.at", ["where", "*rest"]],
  [/^"(.*)" is not a number$/s, "core.notNumber", ["v"]],
  [/^(.+) is not a finite number$/, "core.notFinite", ["v"]],
  [/^(.+) is out of range \(\|value\| ≤ (.+)\)$/, "core.outOfRange", ["v", "max"]],
  [/^(.+) is too large \(\|x\| ≤ (.+)\)$/, "core.tooLargeX", ["v", "max"]],
  [/^expected 3 fields \(x1,x2,label\), found (\d+)$/, "core.fields", ["n"]],
  [/^too many rows \(at most (\d+)\)$/, "core.tooManyRows", ["n"]],
  [/^no data rows after the header$/, "core.noRows", []],
  [/^there are no training rows$/, "core.noTrainingRows", []],
  [/^the file is empty \(expected the header x1,x2,label\)$/, "core.emptyCsv", []],
  [/^expected the header x1,x2,label, found (.+)$/, "core.header", ["found"]],
  [/^not a model file: (.+)$/s, "core.notModel", ["detail"]],
  [/^expected (\d+) rows, found (\d+)$/, "core.rows", ["want", "found"]],
  [/^expected (\d+) values \(one per bias\), found (\d+)$/, "core.biasValues", ["want", "found"]],
  [/^expected (\d+) values, got (\d+)$/, "core.values", ["want", "found"]],
  [/^expected (".*"), found (.+)$/, "core.format", ["want", "found"]],
  [/^unknown (\w+) (".*") \(expected one of (.+)\)$/, "core.unknown", ["what", "v", "list"]],
  [/^(.+) is listed twice$/, "core.twice", ["name"]],
  [/^at most (\d+) points(?:, got \d+)?$/, "core.maxPoints", ["n"]],
  [/^(.+) is not a class index 0\.\.(\d+)$/, "core.notClass", ["v", "k"]],
  [/^too large \((\d+) bytes, at most (\d+)\)$/, "core.tooLargeFile", ["n", "max"]],
  [/^empty$/, "core.empty", []],
  [/^the network has no layers$/, "core.noLayers", []],
  [/^at least one input feature is needed$/, "core.noFeature", []],
  [/^a softmax output needs (\d+) to (\d+) classes, got (\d+)$/, "core.softmaxClasses", ["min", "max", "n"]],
  [/^a linear output has 1 value, got (\d+)$/, "core.linearOutput", ["n"]],
  [/^at most (\d+) neurons in a hidden layer, found (\d+)$/, "core.maxNeurons", ["max", "n"]],
  [/^there are no last good weights to restore$/, "core.noLastGood", []],
  [/^(.+) is not train or test$/, "core.notSplit", ["v"]],
  [/^expected 4 fields \(x1,x2,label,split\), found (\d+)$/, "core.fieldsSplit", ["n"]],
  [/^the model is for (.+) but the data is for (.+)$/, "core.taskMismatch", ["*model", "*data"]],
  [/^(\d+) classes$/, "core.classes", ["k"]],
  [/^regression$/, "core.regression", []],
  [/^there are no finite weights to export$/, "core.noFiniteWeights", []],
];

/** `message` (from the core) worded in `language` (the page's by default). */
export function coreText(message, language = lang()) {
  if (language === "en" || typeof message !== "string") return message;
  for (const [re, key, names] of PATTERNS) {
    const m = message.match(re);
    if (!m) continue;
    const vars = {};
    names.forEach((name, i) => {
      const v = m[i + 1] ?? "";
      if (name.startsWith("*")) vars[name.slice(1)] = coreText(v, language);
      else vars[name] = v;
    });
    return tIn(language, key, vars);
  }
  return message;
}
