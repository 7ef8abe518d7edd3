// The page's wasm module stays within its budget: 230 KB gzipped (the size a learner's phone
// downloads on the first visit). `just bench` prints the same figure.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { DIST, WASM_BUDGET_KB } from "./harness.mjs";

test(`the release wasm is at most ${WASM_BUDGET_KB} KB gzipped`, () => {
  const wasm = fs.readFileSync(path.join(DIST, "backprop-wasm_bg.wasm"));
  const gz = zlib.gzipSync(wasm, { level: 9 }).length;
  assert.ok(wasm.length > 50_000, `a real module (${wasm.length} bytes)`);
  assert.ok(gz <= WASM_BUDGET_KB * 1000, `${(gz / 1000).toFixed(1)} KB gzipped, over the ${WASM_BUDGET_KB} KB budget`);
});
