// The page's first script, a classic deferred one (the CSP allows no inline script): when the
// modules never start — one of them did not load, or the browser refused them — it shows
// #load-failed instead of leaving the page in its loading state for good. main.js marks the
// page `data-started` as its first act; module scripts run before DOMContentLoaded, so a page
// without the mark by then has no running module. (Its text is in both languages in
// index.html: the message tables are modules, the very thing that failed.)
(function () {
  "use strict";
  function failed() {
    var box = document.getElementById("load-failed");
    if (box && !document.documentElement.hasAttribute("data-started")) box.hidden = false;
  }
  var main = document.querySelector('script[type="module"][src$="/main.js"]');
  if (main) main.addEventListener("error", failed);
  document.addEventListener("DOMContentLoaded", failed);
})();
