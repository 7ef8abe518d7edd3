// The page's first script, a classic deferred one (the CSP allows no inline script). It keeps a
// click on Train made before the app has started, and when the modules never start — one of
// them did not load, or the browser refused them — it shows #load-failed instead of leaving
// the page in its loading state for good. main.js marks the page `data-started` as its first
// act; module scripts run before DOMContentLoaded, so a page without the mark by then has no
// running module. (The text is in both languages in index.html: the message tables are
// modules, the very thing that failed.)
(function () {
  "use strict";
  function failed() {
    var box = document.getElementById("load-failed");
    if (box && !document.documentElement.hasAttribute("data-started")) box.hidden = false;
  }
  var main = document.querySelector('script[type="module"][src$="/main.js"]');
  if (main) main.addEventListener("error", failed);
  document.addEventListener("DOMContentLoaded", failed);
  // A click on Train before the app has started is kept (data-early-train, a toggle, as Train
  // is) for main.js to honour; the button shows it is not ready yet ("…", style.css).
  var root = document.documentElement;
  var play = document.getElementById("play");
  if (play) {
    play.addEventListener("click", function () {
      if (root.hasAttribute("data-app")) return;
      if (root.hasAttribute("data-early-train")) root.removeAttribute("data-early-train");
      else root.setAttribute("data-early-train", "");
    });
  }
  root.setAttribute("data-boot", "");
})();
