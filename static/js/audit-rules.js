/* The audit form's live rules (AuditPage.refresh): follow-ups that appear and disappear
 * (show_if), progress per touchpoint and overall, and the hint that a failing answer needs
 * evidence. Recomputed from the page on every change; the server stays the judge. */
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

  /* show_if, progress and evidence hints, recomputed from the page on every change. */
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
      const hint = fs.querySelector("[data-evidence]");
      if (hint && rule.fail) {
        const failed = !hide && fails(rule.fail, values[key]);
        hint.hidden = !failed;
        if (failed && rule.fail.comment) fs.querySelector("details.comment").open = true;
      }
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
  }

  P.refresh = refresh;
})();
