/* The audit page's "Not saved" list: the changes the server refused (outbox.js keeps them
 * in its `refused` store), each with the server's reason, to retry or dismiss, and all of
 * them to download as JSON (photos inline as data URLs), so nothing given on this device
 * disappears without the auditor seeing it. Needs audit-page.js (window.AuditPage). */
(function () {
  "use strict";

  const P = window.AuditPage;
  const section = document.querySelector("[data-not-saved]");
  if (!P || !section) return;
  const M = P.M;
  const touchpoints = P.data.rules.touchpoints;

  function questionOf(key) {
    const fs = P.byKey[key];
    return fs ? fs.querySelector(".q-text").textContent : key;
  }

  function touchpointName(key) {
    return (touchpoints[key] || {}).name || key || "";
  }

  /* What the change was, in the auditor's words. */
  function describe(op) {
    if (op.kind === "answer") {
      const question = questionOf(op.key);
      const parts = [];
      if (op.hasValue) {
        parts.push(P.fmt(M.refusedAnswer, { question: question, value: op.value == null ? "—" : op.value }));
      }
      if (op.hasComment) parts.push(P.fmt(M.refusedComment, { question: question, comment: op.comment }));
      return parts.join(" · ");
    }
    const values = { touchpoint: touchpointName(op.touchpoint), caption: op.caption || "" };
    if (op.kind === "photo") return P.fmt(M.refusedPhoto, values) + (op.caption ? ": " + op.caption : "");
    if (op.kind === "caption") return P.fmt(M.refusedCaption, values);
    if (op.kind === "post") return op.path === "/checkin" ? M.refusedCheckin : M.refusedOpening;
    if (op.kind === "audio") return P.fmt(M.refusedAudio, values);
    return M.refusedDelete;
  }

  function span(className, text) {
    const el = document.createElement("span");
    el.className = className;
    el.textContent = text;
    return el;
  }

  function button(text, onClick) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "btn btn-ghost";
    b.textContent = text;
    b.addEventListener("click", onClick);
    return b;
  }

  function then(promise) {
    promise.then(render).then(function () { P.scheduleSync(0); }, function () { P.updateStatus(); });
  }

  async function render() {
    const items = await Outbox.refusedList(P.audit);
    const list = section.querySelector("ul");
    list.textContent = "";
    items.forEach(function (op) {
      const li = document.createElement("li");
      li.dataset.refused = op.id;
      const actions = span("not-saved-actions", "");
      actions.append(
        button(M.retry, function () { then(Outbox.retry(op.id)); }),
        button(M.dismiss, function () { then(Outbox.dismiss(op.id)); })
      );
      li.append(span("not-saved-what", describe(op)), span("not-saved-why", op.reason), actions);
      list.appendChild(li);
    });
    section.hidden = items.length === 0;
    await P.updateStatus();
  }

  function dataUrl(blob) {
    return new Promise(function (resolve) {
      const reader = new FileReader();
      reader.onload = function () { resolve(reader.result); };
      reader.onerror = function () { resolve(null); };
      reader.readAsDataURL(blob);
    });
  }

  /* One refused change as plain JSON: what, where, the server's answer. */
  async function exported(op) {
    const out = { kind: op.kind, status: op.status, reason: op.reason, refused_at: op.refusedAt };
    if (op.kind === "answer") {
      out.criterion = op.key;
      out.question = questionOf(op.key);
      if (op.hasValue) out.value = op.value;
      if (op.hasComment) out.comment = op.comment;
      out.edited_at = op.editedAt;
    }
    if (op.touchpoint) out.touchpoint = op.touchpoint;
    if (op.photoId) out.photo = op.photoId;
    if (op.kind === "photo" || op.kind === "caption") out.caption = op.caption || "";
    if (op.kind === "photo") {
      out.filename = op.filename;
      out.taken_at = op.takenAt;
      out.image = op.blob ? await dataUrl(op.blob) : null;
    }
    return out;
  }

  async function download() {
    const items = await Outbox.refusedList(P.audit);
    const body = {
      audit: P.audit,
      exported_at: new Date().toISOString(),
      changes: await Promise.all(items.map(exported)),
    };
    const url = URL.createObjectURL(new Blob([JSON.stringify(body, null, 2)], { type: "application/json" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = "audit-" + P.audit + "-not-saved.json";
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  }

  section.querySelector("[data-not-saved-export]").addEventListener("click", download);
  P.showNotSaved = render;
  render();
})();
