/* The audit page's shared core (window.AuditPage), loaded before audit-rules.js,
 * audit-photos.js, audit-form.js and audit-not-saved.js: the page's data, reading and
 * writing a criterion's fields, and the sync with the outbox (outbox.js) with its status
 * line (saved / waiting / offline / signed out / not saved), kept in view by its sticky
 * bar, and the queueing of evidence files (photos, recordings) and their deletes. Each
 * script says what to do with its kind of outbox op through `onOp(kind, {saved,
 * conflicts, refused, restore})`; every refused op is also listed by audit-not-saved.js. */
(function () {
  "use strict";

  const dataEl = document.getElementById("audit-data");
  if (!dataEl) return;
  const data = JSON.parse(dataEl.textContent);
  const M = data.messages;
  const audit = data.audit;
  const CHOICE_TYPES = ["yes_no", "scale", "nps", "choice"];
  const fieldsets = Array.from(document.querySelectorAll("fieldset.criterion"));
  const byKey = {};
  fieldsets.forEach(function (fs) { byKey[fs.dataset.key] = fs; });

  /* Milliseconds of an ISO time; Python's microseconds are cut to what every browser parses. */
  function time(iso) {
    return Date.parse(String(iso).replace(/(\.\d{3})\d+/, "$1"));
  }

  /* An id for a queued upload, so a retry is recognised by the server (client_uid). */
  function newUid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2);
  }

  /* The "Delete" button of a photo or recording (`label` says which, for screen readers). */
  function deleteButton(label, onClick) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-ghost";
    button.textContent = M.deletePhoto;
    button.setAttribute("aria-label", label);
    button.addEventListener("click", onClick);
    return button;
  }

  /* A queued file's "waiting to sync" line and its Delete (named `label`), which takes the
   * file out of the outbox before it is sent; `removed()` tidies what else showed it. */
  function addPendingControls(li, op, label, removed) {
    const pending = document.createElement("span");
    pending.className = "pending";
    pending.textContent = M.photoWaiting;
    li.appendChild(pending);
    li.appendChild(deleteButton(label, function () {
      Outbox.remove(op.id).then(function () { updateStatus(); });
      li.remove();
      removed();
    }));
  }

  function fmt(template, values) {
    return template.replace(/\{(\w+)\}/g, function (m, k) { return values[k]; });
  }

  // ---- reading and writing answers in the page ---------------------------------------

  function input(key, prefix) {
    return byKey[key].querySelector('[name="' + prefix + key + '"]');
  }

  function readValue(key) {
    const fs = byKey[key];
    if (CHOICE_TYPES.indexOf(fs.dataset.type) >= 0) {
      const checked = fs.querySelector('input[name="a-' + key + '"]:checked');
      return checked ? checked.value : null;
    }
    const na = input(key, "na-");
    if (na && na.checked) return "N/A";
    const value = input(key, "a-").value;
    return value.trim() === "" ? null : value;
  }

  function setValue(key, value) {
    const fs = byKey[key];
    if (!fs) return;
    if (CHOICE_TYPES.indexOf(fs.dataset.type) >= 0) {
      fs.querySelectorAll('input[name="a-' + key + '"]').forEach(function (r) {
        r.checked = value != null && r.value === String(value);
      });
      return;
    }
    const na = input(key, "na-");
    if (na) na.checked = value === "N/A";
    input(key, "a-").value = value == null || value === "N/A" ? "" : String(value);
  }

  function setComment(key, comment) {
    const box = input(key, "comment-");
    if (!box) return;
    box.value = comment || "";
    if (comment) box.closest("details").open = true;
  }

  function showError(fs, message) {
    let el = fs.querySelector("[data-sync-error]");
    if (!el) {
      el = document.createElement("p");
      el.className = "error";
      el.setAttribute("role", "alert");
      el.dataset.syncError = "";
      fs.appendChild(el);
    }
    el.textContent = message;
    fs.classList.add("has-error");
  }

  function clearError(fs) {
    fs.querySelectorAll("[data-sync-error], .error").forEach(function (el) { el.remove(); });
    fs.classList.remove("has-error");
  }

  // ---- sync state ---------------------------------------------------------------------

  const stateEl = document.querySelector("[data-sync-state]");
  let lastResult = "done";

  async function updateStatus(result) {
    if (result) lastResult = result;
    let n;
    let refused;
    try {
      // Timing-log entries (`quiet`) are sent like the rest but are not the auditor's changes.
      n = (await Outbox.list()).filter(function (op) { return !op.quiet; }).length;
      refused = (await Outbox.refusedList(audit)).length;
    } catch (noStorage) {
      stateEl.textContent = fmt(M.notKept, { message: noStorage.message || noStorage.name });
      stateEl.className = "sync-state is-error";
      return;
    }
    const parts = [];
    let cls;
    if (lastResult === "signin" && n) { parts.push(fmt(M.signin, { n: n })); cls = "is-error"; }
    else if (!navigator.onLine || lastResult === "offline") {
      parts.push(n ? fmt(M.offline, { n: n }) : M.offlineIdle);
      cls = "is-waiting";
    } else if (n) { parts.push(fmt(M.waiting, { n: n })); cls = "is-waiting"; }
    else if (!refused) { parts.push(M.saved); cls = "is-saved"; }
    if (refused) { parts.push(fmt(M.notSavedCount, { n: refused })); cls = "is-error"; }
    stateEl.textContent = parts.join(" · ");
    stateEl.className = "sync-state " + cls;
  }

  const kinds = {};

  function onOp(kind, hooks) { kinds[kind] = hooks; }

  /* The hook `name` registered for an op of this audit, if any. */
  function hook(op, name) {
    return op.audit === audit && kinds[op.kind] ? kinds[op.kind][name] : undefined;
  }

  const handlers = {
    saved: function (op, body) {
      const h = hook(op, "saved");
      if (h) h(op, body);
    },
    conflicts: function (op, list) {
      const h = hook(op, "conflicts");
      if (h) h(op, list);
    },
    refused: function (op, message) {
      const h = hook(op, "refused");
      if (h) h(op, fmt(M.refused, { message: message }));
      window.AuditPage.showNotSaved();
    },
  };

  let syncTimer = null;

  function scheduleSync(delay) {
    clearTimeout(syncTimer);
    syncTimer = setTimeout(runSync, delay == null ? 300 : delay);
    updateStatus();
  }

  async function runSync() {
    if (!navigator.onLine) { updateStatus("offline"); return "offline"; }
    stateEl.textContent = M.saving;
    let result;
    try {
      result = await Outbox.sync(handlers);
    } catch (storageError) {
      result = "offline"; // the device's database failed: everything stays queued
    }
    await updateStatus(result);
    // Changes queued while a sync was running are sent by the next one.
    if (result === "done" && (await Outbox.list()).length) scheduleSync(0);
    return result;
  }

  window.addEventListener("online", function () { scheduleSync(0); });
  window.addEventListener("offline", function () { updateStatus("offline"); });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") scheduleSync(0);
  });
  setInterval(function () { if (navigator.onLine) scheduleSync(0); }, 20000);

  // ---- evidence files (audit-photos.js, audit-audio.js) -------------------------------
  // Here, in the core every audit page loads, so a page the service worker kept from an
  // older deploy still finds them beside the newer photo and recording scripts.

  /* Queue the upload op that `make()` resolves to (null: cancelled, nothing kept), for
   * this audit with a new client_uid; then `show(op)` it and sync. When anything on the way
   * fails (reading the file, the device's database), `failed(error)` and nothing is kept.
   * Resolves whether the op is in the outbox. */
  async function queueFile(make, show, failed) {
    let op;
    try {
      op = await make();
      if (!op) return false;
      Object.assign(op, { audit: audit, api: data.api, uid: newUid() });
      op.id = await Outbox.addOp(op);
    } catch (error) {
      failed(error);
      return false;
    }
    show(op);
    scheduleSync(0);
    return true;
  }

  /* Queue `op`, the delete of a file the server has, hiding its `li` at once (null: none
   * is shown, e.g. deleted while it was uploading). When the outbox cannot keep the delete
   * the item goes back where it was, since it must not look deleted, and `failed(error)`.
   * `changed()` follows every change to the list (counts, hints). */
  function queueDelete(op, li, changed, failed) {
    const list = li && li.parentNode;
    const next = li && li.nextSibling;
    if (li) { li.remove(); changed(); }
    Object.assign(op, { audit: audit, api: data.api });
    Outbox.addOp(op).then(function () { scheduleSync(0); }, function (error) {
      if (!li) return;
      list.insertBefore(li, next);
      changed();
      failed(error);
    });
  }

  window.AuditPage = {
    data: data,
    M: M,
    audit: audit,
    api: data.api,
    fieldsets: fieldsets,
    byKey: byKey,
    fmt: fmt,
    time: time,
    newUid: newUid,
    deleteButton: deleteButton,
    addPendingControls: addPendingControls,
    input: input,
    readValue: readValue,
    setValue: setValue,
    setComment: setComment,
    showError: showError,
    clearError: clearError,
    updateStatus: updateStatus,
    scheduleSync: scheduleSync,
    handlers: handlers,
    onOp: onOp,
    hook: hook,
    refresh: function () {}, // audit-rules.js puts the real one here
    queueFile: queueFile,
    queueDelete: queueDelete,
    restorePhotos: function () {}, // audit-photos.js
    showNotSaved: function () {}, // audit-not-saved.js
  };
})();
