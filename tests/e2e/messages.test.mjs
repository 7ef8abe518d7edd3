// The message tables without a browser: both languages have the same keys and the same
// placeholders, and the core's errors — as the binding throws them, a code with its values
// and places — are worded in each language from the tables, places and nested messages
// included. (That every core code has its text is checked by crates/backprop/tests/messages.rs.)
import { test } from "node:test";
import assert from "node:assert/strict";
import en from "../../web/js/messages-en.js";
import ja from "../../web/js/messages-ja.js";
import { errorText } from "../../web/js/errors.js";

const placeholders = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test("English and Japanese have the same keys and the same placeholders", () => {
  assert.deepEqual(Object.keys(ja).sort(), Object.keys(en).sort());
  for (const key of Object.keys(en)) assert.deepEqual(placeholders(ja[key]), placeholders(en[key]), key);
});

/** An exception in the shape the binding throws (crates/backprop-wasm: `Thrown`). */
const thrown = (code, vars = {}, at = []) => Object.assign(new Error("(the core's English)"), { code, vars, at });

test("the core's errors are worded from their codes, places and nested messages included", () => {
  const cases = [
    [thrown("notNumber", { v: '"abc"' }, [{ line: 3 }, { field: "x2" }]), '3行目: x2: "abc" は数ではありません', 'line 3: x2: "abc" is not a number'],
    [thrown("notFinite", { v: "NaN" }, [{ line: 3 }, { field: "x1" }]), "3行目: x1: NaN は有限の数ではありません", "line 3: x1: NaN is not a finite number"],
    [thrown("rows", { want: "3", found: "2" }, [{ field: "layers[1].weights" }]), "layers[1].weights: 3 行が必要ですが、2 行あります", "layers[1].weights: expected 3 rows, found 2"],
    [thrown("unknown", { what: "activation", v: '"swish"', list: "relu, tanh, sigmoid, linear" }, [{ field: "activation" }]), 'activation: 不明な activation "swish"(relu, tanh, sigmoid, linear のいずれかが必要です)', 'activation: unknown activation "swish" (expected one of relu, tanh, sigmoid, linear)'],
    [thrown("fields", { want: "4", names: "x1,x2,label,split", n: "3" }, [{ line: 2 }]), "2行目: 4つの項目(x1,x2,label,split)が必要ですが、3個あります", "line 2: expected 4 fields (x1,x2,label,split), found 3"],
    [thrown("tooManyRows", { n: "10000" }), "行が多すぎます(最大 10000 行)", "too many rows (at most 10000)"],
    [thrown("notSplit", { v: '"dev"' }, [{ line: 3 }, { field: "split" }]), '3行目: split: "dev" は train でも test でもありません', 'line 3: split: "dev" is not train or test'],
    [thrown("taskMismatch", { model: { code: "regression", vars: {}, at: [] }, data: { code: "classes", vars: { k: "2" }, at: [] } }), "モデルは回帰用ですが、データは2クラス分類用です", "the model is for regression but the data is for 2 classes"],
    [thrown("outOfRange", { v: "1e200", max: "1e6" }, [{ line: 2 }, { field: "label" }]), "2行目: label: 1e200 は範囲外です(|値| ≤ 1e6)", "line 2: label: 1e200 is out of range (|value| ≤ 1e6)"],
    [thrown("noFiniteWeights"), "書き出せる有限の重みがありません", "there are no finite weights to export"],
    [thrown("learningRate", { max: "10", v: "50" }, [{ field: "config" }]), "config: 学習率は (0, 10] の範囲ですが、50 でした", "config: learning rate must be in (0, 10], got 50"],
  ];
  for (const [e, wantJa, wantEn] of cases) {
    assert.equal(errorText(e, "ja"), wantJa);
    assert.equal(errorText(e, "en"), wantEn);
  }
});

test("an exception without a code shows its own message", () => {
  assert.equal(errorText(new TypeError("x is not a function"), "ja"), "x is not a function");
  assert.equal(errorText("plain text", "ja"), "plain text");
});
