// The diverging palette's index without a browser: every value, however large, infinite or
// not a number, takes a colour of its own side (NaN the middle), never the other end's.
import { test } from "node:test";
import assert from "node:assert/strict";
import { divergingIndex } from "../../web/js/draw.js";

test("the diverging colour of huge, infinite and NaN values stays on their own side", () => {
  assert.equal(divergingIndex(-1), 0);
  assert.equal(divergingIndex(0), 127);
  assert.equal(divergingIndex(1), 255);
  for (const v of [1.5, 1.7e7, 3.4028234663852886e38, Number.MAX_VALUE, Infinity]) assert.equal(divergingIndex(v), 255, String(v));
  for (const v of [-1.5, -1.7e7, -3.4028234663852886e38, -Number.MAX_VALUE, -Infinity]) assert.equal(divergingIndex(v), 0, String(v));
  assert.equal(divergingIndex(NaN), 127);
  for (let v = -1; v <= 1; v += 0.01) {
    const i = divergingIndex(v);
    assert.ok(Number.isInteger(i) && i >= 0 && i <= 255, `${v}: ${i}`);
  }
});
