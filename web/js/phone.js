// Phones (phone.css): the settings one tap away — a toggle opens the header's settings and
// another the data's sliders and features, which are collapsed on a narrow screen so that the
// first screen shows the network — and while training, a small copy of the output beside the
// run buttons (the header's and the run bar's), so the boundary is seen changing wherever the
// learner is on the page.

import { $ } from "./dom.js";

/** `drawn()`: a count of the output's drawings (the copies follow it, not every frame). */
export function initPhone(drawn) {
  for (const toggle of document.querySelectorAll(".collapse-toggle")) {
    toggle.addEventListener("click", () => toggle.setAttribute("aria-expanded", String(toggle.getAttribute("aria-expanded") !== "true")));
  }
  const source = $("boundary");
  const shown = new Set(); // the small outputs on screen
  let copied = -1; // the output's drawing the small ones show
  const io = new IntersectionObserver((entries) => {
    for (const e of entries) e.isIntersecting ? shown.add(e.target) : shown.delete(e.target);
    copied = -1; // one newly in sight gets the output's current drawing
  });
  for (const c of document.querySelectorAll("canvas.mini-output")) io.observe(c);
  return {
    /** The frame loop's call, after the output has drawn: copies it into the small ones in
     * sight (none on a wide screen, where they are not displayed). */
    render() {
      if (!source.width || !shown.size) return;
      const n = drawn();
      if (n === copied) return;
      copied = n;
      for (const c of shown) {
        const ctx = c.getContext("2d");
        ctx.imageSmoothingQuality = "medium";
        ctx.drawImage(source, 0, 0, c.width, c.height);
      }
    },
  };
}
