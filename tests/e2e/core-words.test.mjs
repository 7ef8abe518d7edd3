// The core's messages about data files and weights, without a browser: each is recognised and
// worded in Japanese (the split column, the task in words, bounded labels, no finite weights to export).
import { test } from "node:test";
import assert from "node:assert/strict";
import { coreText } from "../../web/js/core-text.js";

test("the split, task and bound messages are worded in Japanese", () => {
  const cases = [
    ['line 3: split: "dev" is not train or test', '3行目: split: "dev" は train でも test でもありません'],
    ["line 2: expected 4 fields (x1,x2,label,split), found 3", "2行目: 4つの項目(x1,x2,label,split)が必要ですが、3個あります"],
    ["the model is for regression but the data is for 2 classes", "モデルは回帰用ですが、データは2クラス分類用です"],
    ["the model is for 8 classes but the data is for regression", "モデルは8クラス分類用ですが、データは回帰用です"],
    ["line 2: label: 1e200 is out of range (|value| ≤ 1e6)", "2行目: label: 1e200 は範囲外です(|値| ≤ 1e6)"],
    ["there are no finite weights to export", "書き出せる有限の重みがありません"],
  ];
  for (const [message, want] of cases) {
    assert.equal(coreText(message, "ja"), want);
    assert.equal(coreText(message, "en"), message);
  }
});
