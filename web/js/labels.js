// How the page names the core's catalog entries. The ids and the order come from the core;
// the words come from the message tables (an id without a message is shown as itself).

import { t } from "./i18n.js";

const FEATURES = { x1: "x₁", x2: "x₂", "x1^2": "x₁²", "x2^2": "x₂²", "x1*x2": "x₁x₂", "sin(x1)": "sin x₁", "sin(x2)": "sin x₂" };

const named = (key, id) => {
  const s = t(key);
  return s === key ? id : s;
};

export const datasetLabel = (id) => named(`dataset.${id}`, id);
export const choiceLabel = (id) => named(`choice.${id}`, id);
/** Features are formulas: the same in every language. */
export const featureLabel = (id) => FEATURES[id] ?? id;
