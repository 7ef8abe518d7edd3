// The optional stop: training pauses by itself at an epoch, or once the test (or train) loss
// is below a value (the link's `stopEpoch`, `stopLoss`, `stopOn`; app-training.js stops). An
// empty box is no stop; a box holding anything but a number as it shows is marked and said.

import { $ } from "./dom.js";
import { t } from "./i18n.js";
import * as notice from "./notice.js";
import { strictNumber, markInvalid } from "./strict.js";
import { MAX_STOP_EPOCH } from "./state.js";

/** The value a stop box holds: null when empty, undefined when refused (marked, said). */
function read(box, ok, key) {
  const text = box.value.trim();
  if (text === "") return markInvalid(box, null), null;
  const v = strictNumber(text);
  const message = v === null || !ok(v) ? t(key, { value: text, max: MAX_STOP_EPOCH }) : null;
  markInvalid(box, message);
  if (message) return notice.show(message, [], ".stop-row"), undefined;
  return v;
}

export function initStopControls(app) {
  const epoch = $("stop-epoch");
  const loss = $("stop-loss");
  const on = $("stop-on");
  epoch.addEventListener("change", () => {
    const v = read(epoch, (x) => Number.isInteger(x) && x >= 1 && x <= MAX_STOP_EPOCH, "stop.badEpoch");
    if (v !== undefined) app.set("stopEpoch", v);
  });
  loss.addEventListener("change", () => {
    const v = read(loss, (x) => x >= 0, "stop.badLoss");
    if (v !== undefined) app.set("stopLoss", v);
  });
  on.addEventListener("change", () => app.set("stopOn", on.value));
  // The boxes show the run's stop (a link's, a reload's), except a box being edited.
  app.on((what) => {
    if (!what.has("config")) return;
    const c = app.config;
    if (document.activeElement !== epoch) epoch.value = c.stopEpoch === null ? "" : String(c.stopEpoch);
    if (document.activeElement !== loss) loss.value = c.stopLoss === null ? "" : String(c.stopLoss);
    on.value = c.stopOn;
  });
}
