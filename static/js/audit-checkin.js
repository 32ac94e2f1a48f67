/* Visit integrity on the auditor's page (docs/integrity.md): when the visit starts (the
 * auditor's first answer or photo on this device, or "Check in now") the page asks the
 * browser for its position and queues a check-in; opening the audit at home to read the
 * scenario asks nothing; each touchpoint shown is logged
 * (the timing log). Both go through the outbox like answers, so they wait out a dead
 * connection. A refused or failing position is fine: the review notes "no check-in". */
(function () {
  "use strict";

  const P = window.AuditPage;
  if (!P || !P.data.editable || !window.Outbox) return;
  const M = P.M;
  const visit = P.data.visit || {};
  const DONE_KEY = "audit-checkin-" + P.audit;
  const box = document.querySelector("[data-checkin]");

  function post(path, body, quiet) {
    const op = { kind: "post", audit: P.audit, api: P.api, path: path, body: body, quiet: !!quiet };
    return Outbox.addOp(op).then(function () { P.scheduleSync(0); });
  }

  function say(message, retry) {
    if (!box) return;
    box.hidden = false;
    box.querySelector("[data-checkin-state]").textContent = message;
    box.querySelector("[data-checkin-retry]").hidden = !retry;
  }

  function checkedIn() {
    try { return visit.checkedIn || localStorage.getItem(DONE_KEY) === "1"; } catch (e) { return visit.checkedIn; }
  }

  function checkIn() {
    if (!navigator.geolocation) { say(M.checkinUnavailable, false); return; }
    say(M.checkinAsking, false);
    navigator.geolocation.getCurrentPosition(
      function (position) {
        const c = position.coords;
        post("/checkin", {
          latitude: c.latitude, longitude: c.longitude, accuracy_m: Math.round(c.accuracy || 0),
        }).then(function () {
          try { localStorage.setItem(DONE_KEY, "1"); } catch (e) { /* the server knows */ }
          say(P.fmt(M.checkedIn, { accuracy: Math.round(c.accuracy || 0) }), false);
        });
      },
      function (error) {
        say(error.code === 1 ? M.checkinDenied : M.checkinFailed, true);
      },
      { enableHighAccuracy: true, timeout: 30000, maximumAge: 60000 }
    );
  }

  if (box) {
    box.querySelector("[data-checkin-retry]").addEventListener("click", checkIn);
    if (checkedIn()) say(M.checkedInBefore, false);
    else {
      say(M.checkinOnStart, true);
      const form = document.querySelector("main");
      form.addEventListener("change", function first(event) {
        if (!event.target.closest("section.touchpoint")) return;
        form.removeEventListener("change", first, true);
        if (!checkedIn()) checkIn();
      }, true);
    }
  }

  let last = null;
  function opened(tp) {
    if (!tp || tp === last) return;
    last = tp;
    post("/openings", { touchpoint: tp, opened_at: new Date().toISOString() }, true);
  }
  document.addEventListener("touchpoint-shown", function (event) { opened(event.detail.tp); });
  // The page may open on its first touchpoint without switching (audit-form.js runs next).
  setTimeout(function () {
    const shown = document.querySelector("section.touchpoint:not([hidden])");
    if (shown) opened(shown.dataset.tp);
  }, 0);
})();
