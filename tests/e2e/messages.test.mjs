// The message tables without a browser: both languages have the same keys and the same
// placeholders, and the core's English messages are recognised and worded in Japanese.
import { test } from "node:test";
import assert from "node:assert/strict";
import en from "../../web/js/messages-en.js";
import ja from "../../web/js/messages-ja.js";
import { coreText } from "../../web/js/core-text.js";

const placeholders = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test("English and Japanese have the same keys and the same placeholders", () => {
  assert.deepEqual(Object.keys(ja).sort(), Object.keys(en).sort());
  for (const key of Object.keys(en)) assert.deepEqual(placeholders(ja[key]), placeholders(en[key]), key);
});

test("the core's messages are worded in Japanese, located parts included", () => {
  const cases = [
    ['line 3: x2: "abc" is not a number', '3行目: x2: "abc" は数ではありません'],
    ["line 3: x1: NaN is not a finite number", "3行目: x1: NaN は有限の数ではありません"],
    ["layers[1].weights: expected 3 rows, found 2", "layers[1].weights: 3 行が必要ですが、2 行あります"],
    ['activation: unknown activation "swish" (expected one of relu, tanh, sigmoid, linear)', 'activation: 不明な activation "swish"(relu, tanh, sigmoid, linear のいずれかが必要です)'],
    ["layers[0].weights[1][2]: inf is not a finite number", "layers[0].weights[1][2]: inf は有限の数ではありません"],
    ["line 2: expected 3 fields (x1,x2,label), found 2", "2行目: 3つの項目(x1,x2,label)が必要ですが、2個あります"],
    ["too many rows (at most 10000)", "行が多すぎます(最大 10000 行)"],
  ];
  for (const [message, want] of cases) {
    assert.equal(coreText(message, "ja"), want);
    assert.equal(coreText(message, "en"), message, "English stays as the core wrote it");
  }
  assert.equal(coreText("something new from the core", "ja"), "something new from the core", "unknown messages are shown as they are");
});
