// The lesson's steps, numbered as the article's sections: the ones the learner steps through
// (→ ←, PageDown PageUp) and the sub-steps drawn inside their section (a link may name either).

export const LESSON_STEPS = ["1", "2.1", "2.2", "2.3", "3.1", "3.2", "3.3", "4", "5"];
export const LESSON_SUBSTEPS = ["3.1.1", "3.1.2", "3.2.1", "3.2.2", "3.3.1", "3.3.2"];
export const LESSON_IDS = [...LESSON_STEPS, ...LESSON_SUBSTEPS];
/** The step a (sub-)step is shown in. */
export const stepOf = (id) => (LESSON_STEPS.includes(id) ? id : id.split(".").slice(0, 2).join("."));
