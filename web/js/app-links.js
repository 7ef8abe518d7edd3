// The app's start and its links: a shared link or the saved session, saved work offered back,
// a link pasted into the tab, what local storage keeps. Methods of App (app.js), the page's one
// writer; kept here so that each file stays one concern.

import { parseFragment, toFragment, toConfig } from "./state.js";
import * as notice from "./notice.js";
import { settingNear, LINK_NEAR, SAVED_NEAR } from "./notice.js";
import { t } from "./i18n.js";
import { errorText } from "./errors.js";
import * as storage from "./storage.js";
import { openList } from "./saved-list.js";

/** The most epochs a restored run may count: every epoch after it is still a whole number
 * the page's numbers (float64) hold exactly, however long the run trains on (2⁵³ − 2³²). */
export const MAX_RESTORED_EPOCH = 2 ** 53 - 2 ** 32;

/** A saved run's progress, checked against what the core can count: `{progress}` when it may
 * be restored, else `{refused}` (a message key and its values). The core checks the curve
 * again; this says plainly what is wrong with numbers no run can reach. */
export function checkProgress(p) {
  if (!p) return { progress: null };
  const { epoch, history } = p;
  if (!Number.isSafeInteger(epoch) || epoch < 0 || epoch > MAX_RESTORED_EPOCH) return { refused: { key: "saved.badEpoch", vars: { epoch: String(epoch).slice(0, 24), max: MAX_RESTORED_EPOCH } } };
  // Epochs whole, increasing, up to `epoch`; losses ≥ 0, or missing (NaN, null in the JSON)
  // or infinite (a diverged run's; the core takes those as missing).
  const loss = (v) => v === null || (typeof v === "number" && (Number.isNaN(v) || v >= 0));
  const epochAt = (v, i) => Number.isSafeInteger(v) && v >= 0 && v <= epoch && (i === 0 || v > history[i - 3]);
  const ok = Array.isArray(history) && history.length % 3 === 0 && history.every((v, i) => (i % 3 ? loss(v) : epochAt(v, i)));
  return ok ? { progress: p } : { refused: { key: "saved.badHistory", vars: {} } };
}

/** The core's config for a parsed link; without a seed in the link the core picks a fresh one. */
function coreConfig(parsed) {
  const config = toConfig(parsed.state);
  if (!parsed.given.has("seed")) delete config.seed;
  return config;
}

/** The link's sample, when the run cannot trace it (a class the task lacks, say), as a
 * rejected entry; rebuild() then drops it. */
function untraceable(app, parsed) {
  const s = parsed.state.sample;
  const error = s && app.sampleError(s);
  // (In the graph view the first training point is traced instead: said so, not "the default".)
  const instead = parsed.state.view === "graph" ? "link.firstPoint" : "link.noSample";
  if (error) parsed.rejected.push({ key: "sample", value: `${s.x1},${s.x2},${s.label}`.slice(0, 40), reason: { key: "link.untraceable", vars: { error, instead: t(instead) } }, clamped: true });
}

/** The link's open panels, when this run has no such neuron or weight (after rebuild()). */
function missingPanels(app, parsed) {
  const n = parsed.state.neuron;
  if (n && !app.selection) parsed.rejected.push({ key: "neuron", value: `${n.layer},${n.to}`, reason: { key: "link.noNeuron", vars: { sizes: app.sizes.join("-") } }, clamped: false });
  const gone = parsed.state.landscape.filter((p) => !app.paramNames.includes(p));
  if (gone.length) parsed.rejected.push({ key: "landscape", value: gone.join(",").slice(0, 40), reason: { key: "link.noParam", vars: {} }, clamped: false });
}

export const linkIntents = {
  // ---- start and links

  /** Starts from a link, or from the saved session when there is no link or the link is the
   * one this page wrote itself (a reload). `pause()` lets the browser in between creating the
   * run and showing it (two shorter tasks on load instead of one long one). */
  async start(hash, saved, pause = async () => {}) {
    const restoring = Boolean(saved?.fragment && (!hash || hash === saved.fragment));
    // A restored copy of another tab's session saves into a slot of its own.
    this.savedId = restoring && saved.mine ? saved.id : null;
    const parsed = parseFragment(restoring ? saved.fragment : hash);
    const config = coreConfig(parsed);
    // (The article's example comes at 8 decimals, unless the link says how many.)
    this.digitsChosen = parsed.given.has("digits");
    // The article's run, reloaded: the way back to the learner's own run stays.
    const back = restoring && saved.back ? saved.others?.find((s) => s.id === saved.back) : null;
    if (back) this.returnTo = { savedId: back.id, snapshot: back };
    Object.assign(this.config, parsed.state);
    try {
      this.pg = new this.Playground(config);
    } catch (e) {
      notice.show(t("note.linkUnusable", { error: errorText(e) }), [], LINK_NEAR);
      this.pg = new this.Playground({});
    }
    if (restoring) this.loadSaved(saved);
    untraceable(this, parsed);
    await pause();
    await this.rebuild(pause);
    missingPanels(this, parsed);
    this.showRejected(parsed.rejected);
    // A link replaced the learner's saved work: it is kept, and offered back.
    const own = restoring ? null : [saved, ...(saved?.others ?? [])].find((s) => s?.own);
    if (own) this.offerSaved();
  },

  loadSaved(saved) {
    this.touched = saved.own === true;
    const { progress, refused } = checkProgress(saved.progress);
    try {
      if (saved.csv) {
        this.pg.importCsv(saved.csv);
        this.customData = true;
      }
      if (saved.model) {
        this.pg.importModel(saved.model);
        // Where the run was: its epoch and loss curve (a reload shows it as it was left).
        if (progress) this.pg.restoreProgress(progress.epoch, Float64Array.from(progress.history, (v) => (Number.isFinite(v) ? v : NaN)));
        // Numbers no run can reach: the weights and data come back, counted from epoch 0.
        if (refused) notice.show(t("note.savedPartly", { error: t(refused.key, refused.vars) }), [], SAVED_NEAR);
      }
    } catch (e) {
      notice.show(t("note.savedPartly", { error: errorText(e) }), [], SAVED_NEAR);
    }
  },

  /** Back or Forward to a history entry whose run was saved in `slot` (another than this
   * run's): this run is saved, that one comes back into its own slot. False when there is
   * no such saved run (the link then starts anew). */
  reopen(slot) {
    if (typeof slot !== "string" || slot === this.savedId) return false;
    const saved = storage.sessions().find((s) => s.id === slot);
    if (!saved) return false;
    this.saveNow?.();
    if (!this.restoreSaved(saved)) return false;
    this.savedId = slot;
    return true;
  },

  /** The notice that offers saved work back: its button (#restore-saved) opens the list of
   * saved sessions (saved-list.js), the learner's newest first. */
  offerSaved() {
    notice.show(t("note.savedKept"), [[t("note.restoreSaved"), () => openList(this)]], SAVED_NEAR);
    const b = document.querySelector("#notice-actions button");
    if (b) b.id = "restore-saved";
  },

  /** Goes back to a saved session (its configuration, data and weights) in this tab; the
   * link's run keeps its own slot. Returns whether it could. */
  restoreSaved(saved) {
    const p = parseFragment(saved.fragment ?? "");
    const config = coreConfig(p);
    try {
      this.pg.reset(config);
    } catch (e) {
      notice.show(t("note.savedPartly", { error: errorText(e) }), [], SAVED_NEAR);
      return false;
    }
    this.setPlaying(false);
    this.customData = false;
    this.savedId = null;
    Object.assign(this.config, p.state);
    this.selection = null; // (the saved session's panel, from its link)
    this.loadSaved(saved);
    this.rebuild();
    return true;
  },

  /** A link pasted into this tab (only the fragment changes, so no reload) starts that run. */
  applyLink(hash) {
    if (hash === toFragment(this.config)) return;
    const p = parseFragment(hash);
    const config = coreConfig(p);
    // A link that changes only what the page shows (hide, present, the view, the language, the
    // sample…) keeps the run: a teacher edits the address bar to build a lesson's link.
    if (JSON.stringify(config) === JSON.stringify(coreConfig(parseFragment(toFragment(this.config))))) {
      Object.assign(this.config, p.state);
      this.selection = null;
      untraceable(this, p);
      this.rebuild();
      missingPanels(this, p);
      this.showRejected(p.rejected);
      return;
    }
    this.saveNow?.(); // the run it replaces, as it was left
    try {
      this.pg.reset(config);
    } catch (e) {
      notice.show(t("note.linkRefused", { error: errorText(e) }), [], LINK_NEAR);
      this.emit("config");
      return;
    }
    this.setPlaying(false);
    this.customData = false;
    this.origin = null;
    this.touched = false;
    this.savedId = null; // the link's run saves beside the work it replaced
    Object.assign(this.config, p.state);
    this.selection = null; // (the link's own panel, if it has one)
    untraceable(this, p);
    this.rebuild();
    missingPanels(this, p);
    this.showRejected(p.rejected);
  },

  showRejected(rejected) {
    if (!rejected.length) return;
    const why = (r) => t(r.reason.key, r.reason.vars) + (r.clamped ? "" : t("link.default"));
    notice.show(t("note.rejected", { list: rejected.map((r) => `${r.key}=${JSON.stringify(r.value)}: ${why(r)}`).join(" · ") }), [], settingNear(rejected[0].key));
  },

  fragment() {
    return toFragment(this.config);
  },

  /** What the page keeps in local storage: the model never with non-finite weights (the last
   * good ones after a divergence; null when there are none), the data's CSV only `withCsv`
   * (it may be large; storage asks for it when the data changed), `own` for the learner's
   * own work. */
  snapshot(withCsv = true) {
    let model = null;
    try {
      model = this.pg.exportModel();
    } catch {
      /* no finite weights: storage keeps the model saved before */
    }
    const own = this.customData || this.touched || this.history[this.history.length - 3] > 0;
    // The run's progress with its weights: the epoch and the loss curve (six digits are what
    // the chart shows; NaN, a missing test loss, is written as null).
    const progress = model ? { epoch: this.pg.metrics().epoch, history: this.history.map((v, i) => (i % 3 ? Number(v.toPrecision(6)) : v)) } : null;
    const snap = { fragment: this.fragment(), model, own, progress, back: this.returnTo?.savedId ?? null };
    if (withCsv) snap.csv = this.customData ? this.pg.exportCsv() : null;
    return snap;
  },

};
