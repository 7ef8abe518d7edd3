// Start over: forgets the session, with an Undo while its notice is up (one click must not
// wipe a class's work).

import { $ } from "./dom.js";
import { t } from "./i18n.js";
import * as notice from "./notice.js";
import { SAVED_NEAR } from "./notice.js";
import * as storage from "./storage.js";

/** Wires #start-over: the saved session cleared, the run started anew, Undo in the notice. */
export function initStartOver(app) {
  $("start-over").addEventListener("click", () => {
    const before = app.snapshot();
    storage.clear();
    app.startOver();
    const undo = () => {
      app.restoreSaved(before);
      notice.info(t("note.undone"), SAVED_NEAR);
      $("start-over").focus({ preventScroll: true });
    };
    notice.show(t("note.startedOver"), [[t("note.undo"), undo]], SAVED_NEAR);
    // The focus goes to Undo (in the notice, right under Start over).
    const b = document.querySelector("#notice-actions button");
    if (b) (b.id = "undo-start-over"), b.focus({ preventScroll: true });
  });
}
