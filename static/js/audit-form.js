/* The audit form: one touchpoint at a time, follow-ups that appear and disappear live,
 * progress, evidence hints, and answers and photos saved as they are given through the
 * outbox (outbox.js), so nothing is lost when the connection drops. Without this script
 * the page still works: every touchpoint posts itself and the server redirects back. */
(function () {
  "use strict";

  document.documentElement.classList.add("js");
  const dataEl = document.getElementById("audit-data");
  if (!dataEl) return;
  const data = JSON.parse(dataEl.textContent);
  const M = data.messages;
  const rules = data.rules.criteria;
  const tpRules = data.rules.touchpoints;
  const audit = data.audit;
  const api = data.api;
  const CHOICE_TYPES = ["yes_no", "scale", "nps", "choice"];
  const fieldsets = Array.from(document.querySelectorAll("fieldset.criterion"));
  const byKey = {};
  fieldsets.forEach(function (fs) { byKey[fs.dataset.key] = fs; });

  function fmt(template, values) {
    return template.replace(/\{(\w+)\}/g, function (m, k) { return values[k]; });
  }

  // ---- touchpoints: switch without a round trip, so it works offline too -------------

  function showTouchpoint(tp) {
    document.querySelectorAll("section.touchpoint").forEach(function (s) {
      s.hidden = s.dataset.tp !== tp;
    });
    document.querySelectorAll(".tp-list [data-tp-link]").forEach(function (a) {
      if (a.dataset.tpLink === tp) a.setAttribute("aria-current", "step");
      else a.removeAttribute("aria-current");
    });
    const url = new URL(location.href);
    url.searchParams.set("tp", tp);
    url.hash = "";
    history.replaceState(null, "", url);
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
    if (section && section.hidden) {
      const hash = location.hash;
      showTouchpoint(section.dataset.tp);
      history.replaceState(null, "", location.pathname + location.search + hash);
    }
    target.classList.add("is-target");
    target.scrollIntoView({ block: "center" });
  }
  window.addEventListener("hashchange", followHash);

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
    fieldsets.forEach(function (fs) {
      const key = fs.dataset.key;
      const rule = rules[key];
      values[key] = readValue(key);
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
      fmt(M.answered, { answered: answered, total: total });
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
    const n = (await Outbox.list()).length;
    let text;
    let cls;
    if (lastResult === "signin" && n) { text = fmt(M.signin, { n: n }); cls = "is-error"; }
    else if (!navigator.onLine || lastResult === "offline") {
      text = n ? fmt(M.offline, { n: n }) : M.offlineIdle;
      cls = "is-waiting";
    } else if (n) { text = fmt(M.waiting, { n: n }); cls = "is-waiting"; }
    else { text = M.saved; cls = "is-saved"; }
    stateEl.textContent = text;
    stateEl.className = "sync-state " + cls;
  }

  const handlers = {
    saved: function (op, body) {
      if (op.kind === "photo" && op.audit === audit) photoSynced(op, body);
    },
    conflicts: function (op, list) {
      if (op.audit !== audit) return;
      const banner = document.querySelector("[data-conflicts]");
      list.forEach(function (c) {
        setValue(c.criterion, c.kept);
        setComment(c.criterion, c.kept_comment);
        Outbox.setLocal(audit, c.criterion, { value: c.kept, comment: c.kept_comment }, c.kept_edited_at);
        const item = document.createElement("li");
        const text = byKey[c.criterion].querySelector(".q-text").textContent;
        item.textContent = text + " → " + (c.kept == null ? "—" : c.kept);
        banner.querySelector("ul").appendChild(item);
      });
      banner.hidden = false;
      banner.querySelector("[data-reload]").onclick = function () { location.reload(); };
      refresh();
    },
    refused: function (op, message) {
      const text = fmt(M.refused, { message: message });
      if (op.audit !== audit) { stateEl.textContent = text; return; }
      if (op.kind === "answer" && byKey[op.key]) {
        showError(byKey[op.key], text);
        Outbox.setLocal(audit, op.key, {}, "1970-01-01T00:00:00Z");
      } else if (op.kind === "photo") {
        const li = document.querySelector('[data-op-id="' + op.id + '"]');
        const block = document.querySelector('[data-photos="' + op.touchpoint + '"]');
        if (li) li.remove();
        if (block) { photoError(block, text); updatePhotoCount(block); }
      } else {
        stateEl.textContent = text;
      }
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
    const result = await Outbox.sync(handlers);
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

  // ---- saving as answers are given ----------------------------------------------------

  let writes = Promise.resolve();
  const typing = {};

  function queue(key, change) {
    delete typing[key + JSON.stringify(Object.keys(change))];
    const editedAt = new Date().toISOString();
    writes = writes
      .then(function () { return Outbox.putAnswer(audit, api, key, change, editedAt); })
      .then(function () { scheduleSync(); });
    return writes;
  }

  function changeOf(el, key) {
    return el.name === "comment-" + key ? { comment: el.value } : { value: readValue(key) };
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
      if (el.name === "na-" + key && el.checked) input(key, "a-").value = "";
      clearError(fs);
      refresh();
      queue(key, changeOf(el, key));
    });

    /* Typing is saved after a pause, not on every key, and at the latest on change. */
    document.addEventListener("input", function (event) {
      const el = event.target;
      const fs = el.closest("fieldset.criterion");
      if (!fs || el.type === "radio" || el.type === "checkbox") return;
      const key = fs.dataset.key;
      if (el.name === "a-" + key) {
        const na = input(key, "na-");
        if (na && na.checked && el.value.trim()) na.checked = false;
      }
      refresh();
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

  // ---- photos -------------------------------------------------------------------------

  function newUid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2);
  }

  function photoError(block, message) {
    const el = block.querySelector("[data-photo-error]");
    el.textContent = message;
    el.hidden = false;
  }

  function updatePhotoCount(block) {
    block.querySelector("[data-photo-count]").textContent =
      block.querySelector(".photo-list").children.length;
  }

  function deleteButton(onClick) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-ghost";
    button.textContent = M.deletePhoto;
    button.setAttribute("aria-label", M.deletePhotoLabel);
    button.addEventListener("click", onClick);
    return button;
  }

  function renderPendingPhoto(op) {
    const block = document.querySelector('[data-photos="' + op.touchpoint + '"]');
    if (!block || document.querySelector('[data-op-id="' + op.id + '"]')) return;
    const li = document.createElement("li");
    li.className = "photo is-pending";
    li.dataset.opId = op.id;
    const img = document.createElement("img");
    img.src = URL.createObjectURL(op.blob);
    img.alt = op.caption || M.photoWaiting;
    li.appendChild(img);
    if (op.caption) {
      const caption = document.createElement("span");
      caption.className = "caption";
      caption.textContent = op.caption;
      li.appendChild(caption);
    }
    const pending = document.createElement("span");
    pending.className = "pending";
    pending.textContent = M.photoWaiting;
    li.appendChild(pending);
    li.appendChild(deleteButton(function () {
      Outbox.remove(op.id).then(function () { updateStatus(); });
      li.remove();
      updatePhotoCount(block);
    }));
    block.querySelector(".photo-list").appendChild(li);
    updatePhotoCount(block);
  }

  function queueDelete(photoId, li) {
    const block = li && li.closest("[data-photos]");
    if (li) li.remove();
    if (block) updatePhotoCount(block);
    Outbox.addOp({ kind: "delete-photo", audit: audit, api: api, photoId: photoId })
      .then(function () { scheduleSync(0); });
  }

  function photoSynced(op, photo) {
    const li = document.querySelector('[data-op-id="' + op.id + '"]');
    if (!li) { queueDelete(photo.id, null); return; } // deleted while it was uploading
    li.classList.remove("is-pending");
    delete li.dataset.opId;
    li.dataset.photoId = photo.id;
    const img = li.querySelector("img");
    const local = img.src;
    img.onload = function () { URL.revokeObjectURL(local); };
    img.src = photo.thumb_url;
    img.alt = photo.caption || img.alt;
    li.querySelector(".pending").remove();
    const old = li.querySelector("button");
    old.replaceWith(deleteButton(function () { queueDelete(photo.id, li); }));
  }

  async function addPhoto(form, file) {
    const tp = form.dataset.tp;
    const block = form.closest("[data-photos]");
    block.querySelector("[data-photo-error]").hidden = true;
    if (file.type && file.type.indexOf("image/") !== 0) { photoError(block, M.notImage); return; }
    if (block.querySelector(".photo-list").children.length >= tpRules[tp].max) {
      photoError(block, M.photoMax);
      return;
    }
    const blob = await window.resizePhoto(file);
    const caption = form.querySelector('input[name="caption"]');
    const op = {
      kind: "photo", audit: audit, api: api, uid: newUid(), touchpoint: tp,
      caption: caption.value.trim(), blob: blob,
      filename: blob === file ? file.name : "photo.jpg",
      takenAt: file.lastModified ? new Date(file.lastModified).toISOString() : null,
    };
    op.id = await Outbox.addOp(op);
    caption.value = "";
    renderPendingPhoto(op);
    scheduleSync(0);
  }

  if (data.editable) {
    document.querySelectorAll("form.photo-form").forEach(function (form) {
      form.addEventListener("submit", function (event) { event.preventDefault(); });
      form.addEventListener("change", async function (event) {
        if (event.target.type !== "file") return;
        const files = Array.from(event.target.files);
        event.target.value = "";
        for (const file of files) await addPhoto(form, file);
      });
    });
    document.addEventListener("submit", function (event) {
      const form = event.target.closest("form.photo-delete");
      if (!form) return;
      event.preventDefault();
      const li = form.closest("li");
      queueDelete(Number(li.dataset.photoId), li);
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
        result = await Outbox.sync(handlers);
      }
      await updateStatus(result);
      if (result !== "done" || (await Outbox.list(audit)).length) {
        error.textContent = result === "offline" ? M.submitOffline : M.submitPending;
        error.hidden = false;
        return;
      }
      submitForm.submit();
    });
  }

  // ---- start: show what this device knows that the (maybe cached) page does not -------

  function time(iso) {
    return Date.parse(String(iso).replace(/(\.\d{3})\d+/, "$1"));
  }

  async function start() {
    if (data.editable) {
      const known = await Outbox.localValues(audit);
      known.forEach(function (entry) {
        if (!byKey[entry.key]) return;
        const serverAt = data.answeredAt[entry.key];
        if (serverAt && time(serverAt) >= time(entry.editedAt)) return;
        if ("value" in entry) setValue(entry.key, entry.value);
        if ("comment" in entry) setComment(entry.key, entry.comment);
      });
      const ops = await Outbox.list(audit);
      ops.forEach(function (op) {
        if (op.kind === "photo") renderPendingPhoto(op);
        if (op.kind === "delete-photo") {
          const li = document.querySelector('[data-photo-id="' + op.photoId + '"]');
          if (li) { const block = li.closest("[data-photos]"); li.remove(); updatePhotoCount(block); }
        }
      });
      scheduleSync(0);
    }
    refresh();
    followHash();
  }

  start();
})();
