// The page's first script, a classic deferred one (the CSP allows no inline script). It keeps
// every tap made before the app has started, and when the modules never start — one of them
// did not load, or the browser refused them — it shows #load-failed instead of leaving the
// page in its loading state for good. main.js marks the page `data-started` as its first act;
// module scripts run before DOMContentLoaded, so a page without the mark by then has no running
// module. (The text is in both languages in index.html: the message tables are modules, the
// very thing that failed.)
(function () {
  "use strict";
  function failed() {
    var box = document.getElementById("load-failed");
    if (box && !document.documentElement.hasAttribute("data-started")) box.hidden = false;
  }
  var main = document.querySelector('script[type="module"][src$="/main.js"]');
  if (main) main.addEventListener("error", failed);
  document.addEventListener("DOMContentLoaded", failed);
  // Until the app runs (main.js marks it `data-app`), a tap on a button (Train, Step, a view, a
  // language, a data set…) and a changed setting are kept, in order, for main.js to do again
  // then (`bootReplay`): none is lost on a slow connection, and none reaches a control whose
  // app is not there yet. The buttons say they are not ready yet (style.css). (A file button
  // is left alone: its picker opens only on the tap itself; so is the notice, which says why
  // a start failed.)
  var root = document.documentElement;
  var queue = [];
  // Does the kept taps again, in order, and the changes with the value chosen then (the app's
  // start may have shown its own over it).
  window.bootReplay = function () {
    queue.splice(0).forEach(function (k) {
      if (k.value === undefined) return k.el.click();
      if (k.el.type === "checkbox") k.el.checked = k.checked;
      else k.el.value = k.value;
      k.el.dispatchEvent(new Event("change", { bubbles: true }));
    });
  };
  var kept = function (e) {
    return !root.hasAttribute("data-app") && e.target instanceof Element && !e.target.closest("#notice, #load-failed, .files");
  };
  document.addEventListener(
    "click",
    function (e) {
      var b = kept(e) && e.target.closest("button");
      if (!b) return;
      e.stopImmediatePropagation();
      queue.push({ el: b });
    },
    true,
  );
  document.addEventListener(
    "change",
    function (e) {
      if (!kept(e) || !/^(SELECT|INPUT)$/.test(e.target.tagName)) return;
      e.stopImmediatePropagation();
      queue.push({ el: e.target, value: e.target.value, checked: e.target.checked });
    },
    true,
  );
  root.setAttribute("data-boot", "");
})();
