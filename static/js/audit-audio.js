/* The audit form's recordings (phone and chat shops): recorded here with MediaRecorder or
 * chosen from a file, queued in the outbox like photos (so they wait offline), shown at
 * once as "waiting to sync" and playable. The server checks the content and the length;
 * the recorder stops by itself at the touchpoint's limit. Needs audit-page.js. */
(function () {
  "use strict";

  const P = window.AuditPage;
  if (!P) return;
  const M = P.M;
  // The first container this browser records in; the server takes each of them.
  const TYPES = ["audio/webm;codecs=opus", "audio/webm", "audio/ogg;codecs=opus", "audio/mp4"];
  const EXTENSIONS = { "audio/webm": "webm", "audio/ogg": "ogg", "audio/mp4": "m4a" };

  function blockOf(tp) {
    return document.querySelector('[data-audio="' + tp + '"]');
  }

  function showError(block, message) {
    const el = block.querySelector("[data-audio-error]");
    el.textContent = message;
    el.hidden = !message;
  }

  function notKept(error) {
    return P.fmt(M.notKept, { message: error.message || error.name });
  }

  function clock(seconds) {
    const s = Math.max(0, Math.round(seconds));
    return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }

  function count(block) {
    return block.querySelector(".audio-list").children.length;
  }

  function deleteButton(onClick) {
    return P.deleteButton(M.deleteRecording, onClick);
  }

  function renderPending(op) {
    const block = blockOf(op.touchpoint);
    if (!block || document.querySelector('[data-audio-op="' + op.id + '"]')) return;
    const li = document.createElement("li");
    li.className = "is-pending";
    li.dataset.audioOp = op.id;
    const player = document.createElement("audio");
    player.controls = true;
    player.src = URL.createObjectURL(op.blob);
    li.appendChild(player);
    P.addPendingControls(li, op, M.deleteRecording, function () {});
    block.querySelector(".audio-list").appendChild(li);
  }

  function queueDelete(audioId, li) {
    const block = li && li.closest("[data-audio]");
    P.queueDelete({ kind: "delete-audio", audioId: audioId }, li, function () {},
      function (error) { showError(block, notKept(error)); });
  }

  function saved(op, clip) {
    const li = document.querySelector('[data-audio-op="' + op.id + '"]');
    if (!li) { queueDelete(clip.id, null); return; } // deleted while it was uploading
    delete li.dataset.audioOp;
    li.classList.remove("is-pending");
    li.dataset.audioId = clip.id;
    li.querySelector(".pending").textContent = clock(clip.duration);
    li.querySelector("button").remove();
    li.appendChild(deleteButton(function () { queueDelete(clip.id, li); }));
  }

  function refused(op, text) {
    const li = document.querySelector('[data-audio-op="' + op.id + '"]');
    if (li) li.remove();
    const block = blockOf(op.touchpoint);
    if (block) showError(block, text);
  }

  function hideDeleted(op) {
    const li = document.querySelector('[data-audio-id="' + op.audioId + '"]');
    if (li) li.remove();
  }

  function queue(block, blob, filename) {
    showError(block, "");
    if (count(block) >= Number(block.dataset.max)) { showError(block, M.audioMax); return; }
    const criterion = block.querySelector('select[name="criterion"]');
    P.queueFile(function () {
      return {
        kind: "audio", touchpoint: block.dataset.audio,
        criterion: criterion ? criterion.value : "", blob: blob, filename: filename,
      };
    }, renderPending, function (error) { showError(block, notKept(error)); });
  }

  function recorderType() {
    if (!window.MediaRecorder) return null;
    return TYPES.find(function (t) { return MediaRecorder.isTypeSupported(t); }) || "";
  }

  function setupRecorder(block) {
    const button = block.querySelector("[data-record]");
    const timer = block.querySelector("[data-record-time]");
    const limit = Number(block.dataset.maxSeconds);
    const type = recorderType();
    if (type === null || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      button.hidden = true; // choosing a file still works
      return;
    }
    let recorder = null;
    let ticking = null;
    let stopAt = null;

    function stop() {
      if (recorder && recorder.state !== "inactive") recorder.stop();
    }

    button.addEventListener("click", async function () {
      if (recorder) { stop(); return; }
      let stream;
      try {
        stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      } catch (denied) {
        showError(block, M.noMicrophone);
        return;
      }
      const chunks = [];
      recorder = type ? new MediaRecorder(stream, { mimeType: type }) : new MediaRecorder(stream);
      recorder.addEventListener("dataavailable", function (event) {
        if (event.data && event.data.size) chunks.push(event.data);
      });
      recorder.addEventListener("stop", function () {
        stream.getTracks().forEach(function (track) { track.stop(); });
        clearInterval(ticking);
        clearTimeout(stopAt);
        const mime = (recorder.mimeType || type || "audio/webm").split(";")[0];
        recorder = null;
        button.textContent = M.record;
        button.setAttribute("aria-pressed", "false");
        timer.hidden = true;
        queue(block, new Blob(chunks, { type: mime }), "recording." + (EXTENSIONS[mime] || "webm"));
      });
      const started = Date.now();
      recorder.start(1000);
      button.textContent = M.stopRecording;
      button.setAttribute("aria-pressed", "true");
      timer.hidden = false;
      timer.textContent = clock(0) + " / " + clock(limit);
      ticking = setInterval(function () {
        timer.textContent = clock((Date.now() - started) / 1000) + " / " + clock(limit);
      }, 500);
      // Stop a little before the limit: the server refuses anything longer.
      stopAt = setTimeout(stop, Math.max(1, limit - 0.5) * 1000);
    });
  }

  P.onOp("audio", { saved: saved, refused: refused, restore: renderPending });
  P.onOp("delete-audio", { restore: hideDeleted });

  if (!P.data.editable) return;
  document.querySelectorAll("[data-audio]").forEach(function (block) {
    setupRecorder(block);
    block.querySelector("[data-audio-file]").addEventListener("change", function (event) {
      const files = Array.from(event.target.files);
      event.target.value = "";
      files.forEach(function (file) { queue(block, file, file.name || "recording"); });
    });
    block.querySelectorAll("[data-audio-id] [data-delete-audio]").forEach(function (b) {
      b.addEventListener("click", function () {
        const li = b.closest("[data-audio-id]");
        queueDelete(Number(li.dataset.audioId), li);
      });
    });
  });
})();
