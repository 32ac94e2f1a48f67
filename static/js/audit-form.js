/* The audit form: one touchpoint at a time, and answers and comments saved as they are
 * given through the outbox (outbox.js), so nothing is lost when the connection drops.
 * Loaded last, after audit-page.js (the shared core), audit-rules.js (show_if, progress,
 * evidence hints) and audit-photos.js. Without these scripts the page still works: every
 * touchpoint posts itself and the server redirects back. */
(function () {
  "use strict";

  const P = window.AuditPage;
  if (!P) return;
  document.documentElement.classList.add("js");
  const data = P.data;
  const M = P.M;
  const audit = P.audit;
  const api = P.api;
  const byKey = P.byKey;
  const TP_KEY = "audit-tp-" + audit; // the touchpoint last shown, to reopen on it

  // ---- touchpoints: switch without a round trip, so it works offline too -------------

  function remember(tp) {
    try { localStorage.setItem(TP_KEY, tp); } catch (noStorage) { /* private mode: the URL has it */ }
  }

  function remembered() {
    try { return localStorage.getItem(TP_KEY); } catch (noStorage) { return null; }
  }

  function showTouchpoint(tp, hash) {
    document.querySelectorAll("section.touchpoint").forEach(function (s) {
      s.hidden = s.dataset.tp !== tp;
    });
    document.querySelectorAll(".tp-list [data-tp-link]").forEach(function (a) {
      if (a.dataset.tpLink === tp) a.setAttribute("aria-current", "step");
      else a.removeAttribute("aria-current");
    });
    const url = new URL(location.href);
    url.searchParams.set("tp", tp);
    url.hash = hash || "";
    history.replaceState(null, "", url);
    remember(tp);
    document.dispatchEvent(new CustomEvent("touchpoint-shown", { detail: { tp: tp } }));
  }

  document.addEventListener("click", function (event) {
    const link = event.target.closest("[data-tp-link]");
    if (!link) return;
    event.preventDefault();
    showTouchpoint(link.dataset.tpLink);
    const heading = document.getElementById("tp-" + link.dataset.tpLink + "-title");
    heading.setAttribute("tabindex", "-1");
    heading.focus({ preventScroll: true });
    heading.scrollIntoView({ block: "start" });
  });

  /* A link to #c-key or #photos-tp (the submit problems) opens that touchpoint. */
  function followHash() {
    const target = location.hash && document.getElementById(location.hash.slice(1));
    if (!target) return;
    const section = target.closest("section.touchpoint");
    if (section && section.hidden) showTouchpoint(section.dataset.tp, location.hash);
    target.classList.add("is-target");
    target.scrollIntoView({ block: "center" });
  }
  window.addEventListener("hashchange", followHash);

  // ---- what the server said about an answer -------------------------------------------

  function answerConflicts(op, list) {
    const banner = document.querySelector("[data-conflicts]");
    list.forEach(function (c) {
      P.setValue(c.criterion, c.kept);
      P.setComment(c.criterion, c.kept_comment);
      Outbox.setLocal(audit, c.criterion, { value: c.kept, comment: c.kept_comment }, c.kept_edited_at);
      const item = document.createElement("li");
      const text = byKey[c.criterion].querySelector(".q-text").textContent;
      item.textContent = text + " → " + (c.kept == null ? "—" : c.kept);
      banner.querySelector("ul").appendChild(item);
    });
    banner.hidden = false;
    banner.querySelector("[data-reload]").onclick = function () { location.reload(); };
    P.refresh();
  }

  function answerRefused(op, text) {
    if (!byKey[op.key]) return false;
    P.showError(byKey[op.key], text);
    Outbox.setLocal(audit, op.key, {}, "1970-01-01T00:00:00Z");
  }

  P.onOp("answer", { conflicts: answerConflicts, refused: answerRefused });

  // ---- saving as answers are given ----------------------------------------------------

  let writes = Promise.resolve();
  const typing = {};
  const unstored = {}; // key -> {change, editedAt}: changes the device failed to store

  /* Store one change in the outbox; never rejects: a failure is said on the question and
   * the change kept here, tried again with the next change. */
  function store(key, change, editedAt) {
    return Outbox.putAnswer(audit, api, key, change, editedAt).then(function () {
      if (unstored[key]) { delete unstored[key]; P.clearError(byKey[key]); }
    }, function (error) {
      const earlier = unstored[key] ? unstored[key].change : {};
      unstored[key] = { change: Object.assign({}, earlier, change), editedAt: editedAt };
      P.showError(byKey[key], P.fmt(M.notKept, { message: error.message || error.name }));
    });
  }

  function queue(key, change) {
    const id = key + JSON.stringify(Object.keys(change));
    if (typing[id]) { clearTimeout(typing[id].timer); delete typing[id]; } // saved now, once
    const editedAt = new Date().toISOString();
    writes = writes.then(async function () {
      for (const k of Object.keys(unstored)) {
        if (k !== key) await store(k, unstored[k].change, unstored[k].editedAt);
      }
      const earlier = unstored[key] ? unstored[key].change : {};
      await store(key, Object.assign({}, earlier, change), editedAt);
      P.scheduleSync();
    });
    return writes;
  }

  function changeOf(el, key) {
    return el.name === "comment-" + key ? { comment: el.value } : { value: P.readValue(key) };
  }

  function flushTyping() {
    Object.keys(typing).forEach(function (id) { clearTimeout(typing[id].timer); typing[id].run(); });
    return writes;
  }

  if (data.editable) {
    document.addEventListener("change", function (event) {
      const el = event.target;
      const fs = el.closest("fieldset.criterion");
      if (!fs) return;
      const key = fs.dataset.key;
      if (el.name === "na-" + key && el.checked) P.input(key, "a-").value = "";
      P.clearError(fs);
      P.refresh();
      queue(key, changeOf(el, key));
    });

    /* Typing is saved after a pause, not on every key, and at the latest on change. */
    document.addEventListener("input", function (event) {
      const el = event.target;
      const fs = el.closest("fieldset.criterion");
      if (!fs || el.type === "radio" || el.type === "checkbox") return;
      const key = fs.dataset.key;
      if (el.name === "a-" + key) {
        const na = P.input(key, "na-");
        if (na && na.checked && el.value.trim()) na.checked = false;
      }
      P.refresh();
      const change = changeOf(el, key);
      const id = key + JSON.stringify(Object.keys(change));
      if (typing[id]) clearTimeout(typing[id].timer);
      const run = function () { queue(key, changeOf(el, key)); };
      typing[id] = { run: run, timer: setTimeout(run, 800) };
    });

    document.querySelectorAll("form.answers-form").forEach(function (form) {
      form.addEventListener("submit", function (event) { event.preventDefault(); flushTyping(); });
    });
  }

  // ---- submit: only once everything reached the server --------------------------------

  const submitForm = document.getElementById("submit-form");
  if (submitForm) {
    submitForm.addEventListener("submit", async function (event) {
      event.preventDefault();
      const error = submitForm.querySelector("[data-submit-error]");
      error.hidden = true;
      await flushTyping();
      let result = navigator.onLine ? "done" : "offline";
      for (let i = 0; i < 3 && result === "done" && (await Outbox.list(audit)).length; i++) {
        result = await Outbox.sync(P.handlers);
      }
      await P.updateStatus(result);
      if (result !== "done" || (await Outbox.list(audit)).length) {
        error.textContent = result === "offline" ? M.submitOffline : M.submitPending;
        error.hidden = false;
        return;
      }
      submitForm.submit();
    });
  }

  // ---- start: show what this device knows that the (maybe cached) page does not -------

  /* The touchpoint named by the URL, else the one shown last on this device. */
  function reopen() {
    const tp = new URL(location.href).searchParams.get("tp") || remembered();
    const section = tp && document.querySelector('section.touchpoint[data-tp="' + CSS.escape(tp) + '"]');
    if (section) showTouchpoint(tp, location.hash);
  }

  async function start() {
    reopen();
    if (data.editable) {
      const known = await Outbox.localValues(audit);
      known.forEach(function (entry) {
        if (!byKey[entry.key]) return;
        const serverAt = data.answeredAt[entry.key];
        if (serverAt && P.time(serverAt) >= P.time(entry.editedAt)) return;
        if ("value" in entry) P.setValue(entry.key, entry.value);
        if ("comment" in entry) P.setComment(entry.key, entry.comment);
      });
      await P.restorePhotos();
      const ops = await Outbox.list(audit);
      ops.forEach(function (op) {
        const restore = P.hook(op, "restore");
        if (restore) restore(op);
      });
      P.scheduleSync(0);
    }
    P.refresh();
    followHash();
  }

  start();
})();
