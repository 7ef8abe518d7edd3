// The bench's multiply-add roof kernel (roof.wat) computes what it claims: ten independent
// chains acc = acc·m + c per vector lane, summed — checked against the same recurrence in JS
// (f64 exactly; f32 through Math.fround at every step).
import { test } from "node:test";
import assert from "node:assert/strict";
import { roofBytes } from "./bench.mjs";

test("the roof kernels compute their recurrences", async () => {
  const { instance } = await WebAssembly.instantiate(roofBytes());
  const { f64x2, f32x4 } = instance.exports;
  for (const n of [0, 1, 7, 1000]) {
    const m = 0.999;
    const c = 0.25;
    let want64 = 0;
    let want32 = 0;
    for (let i = 0; i < 10; i++) {
      let a = i + 1;
      let b = Math.fround(i + 1);
      for (let k = 0; k < n; k++) {
        a = a * m + c;
        b = Math.fround(Math.fround(b * Math.fround(m)) + Math.fround(c));
      }
      want64 += a;
      want32 = Math.fround(want32 + b);
    }
    // Lanes are equal: the sum is the chains' sum times the lane count (summed in another order).
    assert.ok(Math.abs(f64x2(n, m, c) - 2 * want64) <= 1e-9 * want64, `f64x2 n=${n}`);
    assert.ok(Math.abs(f32x4(n, m, c) - 4 * want32) <= 1e-5 * want32, `f32x4 n=${n}`);
  }
});
