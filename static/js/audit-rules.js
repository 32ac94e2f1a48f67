/* The audit form's live rules (AuditPage.refresh): follow-ups that appear and disappear
 * (show_if), progress per touchpoint and overall, the hint that a failing answer still
 * needs evidence, and the submit problems that are fixed since. Recomputed from the page
 * on every change (answers, comments, photos); the server stays the judge. */
(function () {
  "use strict";

  const P = window.AuditPage;
  if (!P) return;
  const rules = P.data.rules.criteria;

  function norm(type, v) {
    if (v == null || v === "N/A") return v;
    if (type === "scale" || type === "nps") return parseInt(v, 10);
    if (type === "number") return parseFloat(v);
    return v;
  }

  /* Mirrors services.scores: the fraction below pass_at fails (the server judges at submit). */
  function fails(rule, raw) {
    if (raw == null || raw === "N/A") return false;
    if (rule.values) return rule.values.indexOf(String(raw)) >= 0;
    const v = parseFloat(raw);
    if (isNaN(v)) return false;
    const band = rule.bands.find(function (b) {
      return (b.min == null || v >= b.min) && (b.max == null || v <= b.max);
    });
    return (band ? band.score : 0) < rule.threshold;
  }

  function photoCount(tp) {
    const list = document.querySelector('[data-photos="' + tp + '"] .photo-list');
    return list ? list.children.length : 0;
  }

  function commentOf(key) {
    const box = P.input(key, "comment-");
    return box ? box.value.trim() : "";
  }

  /* What a failing answer still lacks: {comment, photo} (both false when nothing). */
  function evidenceMissing(key, value, hidden) {
    const rule = rules[key];
    const failed = !hidden && !!rule.fail && fails(rule.fail, value);
    return {
      comment: failed && rule.fail.comment && !commentOf(key),
      photo: failed && rule.fail.photo && photoCount(rule.tp) === 0,
    };
  }

  function showEvidence(fs, missing) {
    const hint = fs.querySelector("[data-evidence]");
    if (!hint) return;
    hint.hidden = !(missing.comment || missing.photo);
    if (hint.hidden) return;
    hint.textContent = missing.comment && missing.photo ? P.M.evidenceBoth
      : missing.comment ? P.M.evidenceComment : P.M.evidencePhoto;
    if (missing.comment) fs.querySelector("details.comment").open = true;
  }

  /* Whether a problem listed at the last submit is fixed on the page since. */
  function problemFixed(item, values, hidden) {
    const key = item.dataset.criterion;
    const tp = item.dataset.touchpoint;
    const gone = !!key && (hidden.has(key) || !rules[key]);
    if (item.dataset.kind === "missing_answer") return gone || values[key] != null;
    if (item.dataset.kind === "comment_required") {
      return gone || !evidenceMissing(key, values[key], false).comment;
    }
    if (item.dataset.kind === "photo_required") {
      return gone || !evidenceMissing(key, values[key], false).photo;
    }
    if (item.dataset.kind === "photo_shortfall") {
      const rule = P.data.rules.touchpoints[tp];
      return !!rule && photoCount(tp) >= rule.min;
    }
    return false;
  }

  function refreshProblems(values, hidden) {
    const banner = document.getElementById("problems");
    if (!banner) return;
    let left = 0;
    banner.querySelectorAll("li[data-kind]").forEach(function (item) {
      item.hidden = problemFixed(item, values, hidden);
      if (!item.hidden) left += 1;
    });
    banner.hidden = left === 0;
  }

  /* show_if, progress, evidence hints and submit problems, from the page as it is now. */
  function refresh() {
    const values = {};
    const hidden = new Set();
    const per = {};
    let answered = 0;
    let total = 0;
    P.fieldsets.forEach(function (fs) {
      const key = fs.dataset.key;
      const rule = rules[key];
      values[key] = P.readValue(key);
      let hide = false;
      if (rule.showIf) {
        const ref = rule.showIf.criterion;
        const v = values[ref];
        hide = hidden.has(ref) || v == null || v === "N/A" ||
          !rule.showIf.values.some(function (x) { return x === norm(rules[ref].type, v); });
      }
      if (hide) hidden.add(key);
      if (fs.hidden !== hide) {
        fs.hidden = hide;
        if (!hide) { fs.classList.remove("is-new"); void fs.offsetWidth; fs.classList.add("is-new"); }
      }
      if (rule.fail) showEvidence(fs, evidenceMissing(key, values[key], hide));
      per[rule.tp] = per[rule.tp] || { a: 0, t: 0 };
      if (hide) return;
      per[rule.tp].t += 1;
      total += 1;
      if (values[key] != null) { per[rule.tp].a += 1; answered += 1; }
    });
    Object.keys(per).forEach(function (tp) {
      document.querySelectorAll('[data-tp-progress="' + tp + '"]').forEach(function (el) {
        el.textContent = per[tp].a + "/" + per[tp].t;
        el.classList.toggle("complete", per[tp].a === per[tp].t);
      });
    });
    const bar = document.getElementById("overall-progress");
    bar.max = total || 1;
    bar.value = answered;
    document.querySelector("[data-overall-text]").textContent =
      P.fmt(P.M.answered, { answered: answered, total: total });
    refreshProblems(values, hidden);
  }

  P.refresh = refresh;
})();
