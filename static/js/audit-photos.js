/* The audit form's photos: taken or chosen photos are downscaled (photo-resize.js), queued
 * in the outbox and shown at once as "waiting to sync"; caption edits (in place, once the
 * photo is on the server) and deletes are queued the same way, so they work offline too.
 * A page older than what this device sent (the service worker's copy) is brought up to
 * date from the outbox's record of it (restorePhotos). Needs audit-page.js. */
(function () {
  "use strict";

  const P = window.AuditPage;
  if (!P) return;
  const M = P.M;
  const audit = P.audit;
  const api = P.api;
  const tpRules = P.data.rules.touchpoints;

  function photoError(block, message) {
    const el = block.querySelector("[data-photo-error]");
    el.textContent = message;
    el.hidden = false;
  }

  function notKept(error) {
    return P.fmt(M.photoNotKept, { message: (error && (error.message || error.name)) || "?" });
  }

  function updatePhotoCount(block) {
    block.querySelector("[data-photo-count]").textContent =
      block.querySelector(".photo-list").children.length;
    P.refresh(); // evidence hints and submit problems count photos
  }

  function deleteButton(onClick) {
    return P.deleteButton(M.deletePhotoLabel, onClick);
  }

  /* What a photo is evidence of (a question, the receipt), as shown under it. */
  function questionLabel(op) {
    const fs = op.criterion && P.byKey[op.criterion];
    if (!fs && op.photoKind !== "receipt") return null;
    const label = document.createElement("span");
    label.className = "photo-about";
    const parts = [];
    if (op.photoKind === "receipt") parts.push(M.receipt);
    if (fs) parts.push(fs.querySelector(".q-text").textContent);
    label.textContent = parts.join(" · ");
    return label;
  }

  /* A photo of a question is shown beside it too (its thumbnail). */
  function showAtQuestion(op, src) {
    const fs = op.criterion && P.byKey[op.criterion];
    if (!fs) return;
    const box = fs.querySelector("[data-question-photos]");
    let list = box.querySelector(".question-photos");
    if (!list) {
      list = document.createElement("ul");
      list.className = "question-photos";
      box.appendChild(list);
    }
    const li = document.createElement("li");
    li.dataset.opThumb = op.id;
    const img = document.createElement("img");
    img.src = src;
    img.alt = op.caption || M.photo;
    li.appendChild(img);
    list.appendChild(li);
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
    const about = questionLabel(op);
    if (about) li.appendChild(about);
    P.addPendingControls(li, op, M.deletePhotoLabel, function () {
      const thumb = document.querySelector('[data-op-thumb="' + op.id + '"]');
      if (thumb) thumb.remove();
      updatePhotoCount(block);
    });
    block.querySelector(".photo-list").appendChild(li);
    showAtQuestion(op, img.src);
    updatePhotoCount(block);
  }

  function queueDelete(photoId, li) {
    const block = li && li.closest("[data-photos]");
    P.queueDelete({ kind: "delete-photo", photoId: photoId }, li,
      function () { updatePhotoCount(block); },
      function (error) { photoError(block, notKept(error)); });
  }

  // ---- captions: edited in place, saved on change (Enter or leaving the field) --------

  function captionForm(caption) {
    const form = document.createElement("form");
    form.className = "photo-caption";
    const field = document.createElement("input");
    field.type = "text";
    field.name = "caption";
    field.maxLength = 500;
    field.defaultValue = caption || "";
    field.placeholder = M.addCaption;
    field.setAttribute("aria-label", M.captionLabel);
    form.appendChild(field);
    return form;
  }

  function captionField(photoId) {
    return document.querySelector('[data-photo-id="' + photoId + '"] .photo-caption input[name="caption"]');
  }

  function queueCaption(form) {
    const li = form.closest("li.photo");
    const field = form.querySelector('input[name="caption"]');
    const caption = field.value.trim();
    const saved = "saved" in field.dataset ? field.dataset.saved : field.defaultValue.trim();
    if (!li || !li.dataset.photoId || caption === saved) return;
    field.dataset.saved = caption;
    li.classList.add("caption-pending");
    const tp = li.closest("[data-photos]").dataset.photos;
    Outbox.putCaption(audit, api, Number(li.dataset.photoId), tp, caption)
      .then(function () { P.scheduleSync(0); }, function (error) {
        delete field.dataset.saved; // the next change tries again
        li.classList.remove("caption-pending");
        photoError(li.closest("[data-photos]"), notKept(error));
      });
  }

  function captionSaved(op, photo) {
    const field = captionField(op.photoId);
    if (!field) return;
    const li = field.closest("li.photo");
    if (field.value.trim() === op.caption) li.classList.remove("caption-pending");
    if (photo.caption) li.querySelector("img").alt = photo.caption;
  }

  function captionRefused(op, text) {
    const field = captionField(op.photoId);
    if (field) field.closest("li.photo").classList.remove("caption-pending");
    const block = document.querySelector('[data-photos="' + op.touchpoint + '"]');
    if (!block) return false;
    photoError(block, text);
  }

  /* A caption still queued (the page may come from the cache): show it, not the old one. */
  function captionRestore(op) {
    const field = captionField(op.photoId);
    if (!field) return;
    field.value = op.caption;
    field.dataset.saved = op.caption;
    field.closest("li.photo").classList.add("caption-pending");
  }

  function photoSynced(op, photo) {
    const li = document.querySelector('[data-op-id="' + op.id + '"]');
    if (!li) { queueDelete(photo.id, null); return; } // deleted while it was uploading
    const thumb = document.querySelector('[data-op-thumb="' + op.id + '"] img');
    if (thumb) thumb.src = photo.thumb_url;
    li.classList.remove("is-pending");
    delete li.dataset.opId;
    li.dataset.photoId = photo.id;
    const img = li.querySelector("img");
    const local = img.src;
    img.onload = function () { URL.revokeObjectURL(local); };
    img.src = photo.thumb_url;
    img.alt = photo.caption || M.photo;
    li.querySelector(".pending").remove();
    const shown = li.querySelector(".caption");
    if (shown) shown.remove();
    li.querySelector("button").remove();
    addSyncedControls(li, photo.id, photo.caption);
  }

  function addSyncedControls(li, photoId, caption) {
    li.appendChild(captionForm(caption));
    li.appendChild(deleteButton(function () { queueDelete(photoId, li); }));
  }

  /* A photo this device saw the server take, missing from an older (cached) page. */
  function renderKnownPhoto(block, entry) {
    const li = document.createElement("li");
    li.className = "photo";
    li.dataset.photoId = entry.id;
    const img = document.createElement("img");
    img.src = entry.thumb;
    img.alt = entry.caption || M.photo;
    li.appendChild(img);
    if (P.data.editable) addSyncedControls(li, entry.id, entry.caption);
    block.querySelector(".photo-list").appendChild(li);
  }

  /* Bring the page's photos up to what this device last saw the server take: added,
   * captioned, deleted. Records the page already shows (rendered 1 s or more after the
   * server's answer, whose Date has whole seconds) are dropped. */
  async function restorePhotos() {
    const renderedAt = P.time(P.data.renderedAt);
    const stale = [];
    (await Outbox.knownPhotos(audit)).forEach(function (entry) {
      if (renderedAt >= entry.at + 1000) { stale.push(entry.id); return; }
      const li = document.querySelector('[data-photo-id="' + entry.id + '"]');
      const block = document.querySelector('[data-photos="' + entry.touchpoint + '"]');
      if (entry.deleted) { if (li) li.remove(); }
      else if (li) {
        const field = li.querySelector('.photo-caption input[name="caption"]');
        if (field && entry.caption != null) { field.value = entry.caption; field.dataset.saved = entry.caption; }
      } else if (block && entry.thumb) renderKnownPhoto(block, entry);
    });
    document.querySelectorAll("[data-photos]").forEach(updatePhotoCount);
    if (stale.length) await Outbox.forgetPhotos(audit, stale);
  }
  P.restorePhotos = restorePhotos;

  function photoRefused(op, text) {
    const li = document.querySelector('[data-op-id="' + op.id + '"]');
    const block = document.querySelector('[data-photos="' + op.touchpoint + '"]');
    const thumb = document.querySelector('[data-op-thumb="' + op.id + '"]');
    if (thumb) thumb.remove();
    if (li) li.remove();
    if (block) { photoError(block, text); updatePhotoCount(block); }
  }

  /* A delete still queued (the page may come from the cache): hide the photo already. */
  function hideDeleted(op) {
    const li = document.querySelector('[data-photo-id="' + op.photoId + '"]');
    if (li) { const block = li.closest("[data-photos]"); li.remove(); updatePhotoCount(block); }
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
    const caption = form.querySelector('input[name="caption"]');
    const criterion = form.querySelector('select[name="criterion"]');
    const receipt = form.querySelector('input[name="kind"]');
    const markup = form.querySelector("input[data-markup]");
    await P.queueFile(async function () {
      // Read before the resize: the canvas drops EXIF, and with it the capture time.
      const exifTakenAt = window.readExifTime ? await window.readExifTime(file) : null;
      let blob = await window.resizePhoto(file);
      if (markup && markup.checked && window.annotatePhoto) {
        // Only the marked-up copy is queued: a blurred region never leaves the editor sharp.
        blob = await window.annotatePhoto(blob, M);
        if (!blob) return null; // cancelled: nothing kept, the caption stays
      }
      return {
        kind: "photo", touchpoint: tp, caption: caption.value.trim(), blob: blob,
        filename: blob === file ? file.name : "photo.jpg",
        takenAt: file.lastModified ? new Date(file.lastModified).toISOString() : null,
        exifTakenAt: exifTakenAt,
        criterion: criterion ? criterion.value : "",
        photoKind: receipt && receipt.checked ? "receipt" : "general",
      };
    }, function (op) {
      caption.value = "";
      if (receipt) receipt.checked = false;
      renderPendingPhoto(op);
    }, function (error) {
      photoError(block, notKept(error)); // the caption stays, to add the photo again
    });
  }

  P.onOp("photo", { saved: photoSynced, refused: photoRefused, restore: renderPendingPhoto });
  P.onOp("delete-photo", { restore: hideDeleted });
  P.onOp("caption", { saved: captionSaved, refused: captionRefused, restore: captionRestore });

  if (P.data.editable) {
    document.querySelectorAll("form.photo-form .js-only").forEach(function (el) { el.hidden = false; });
    document.querySelectorAll("form.photo-form").forEach(function (form) {
      form.addEventListener("submit", function (event) { event.preventDefault(); });
      form.addEventListener("change", async function (event) {
        if (event.target.type !== "file") return;
        const files = Array.from(event.target.files);
        event.target.value = "";
        for (const file of files) await addPhoto(form, file);
      });
    });
    document.addEventListener("change", function (event) {
      const form = event.target.closest("form.photo-caption");
      if (form) queueCaption(form);
    });
    document.addEventListener("submit", function (event) {
      const caption = event.target.closest("form.photo-caption");
      if (caption) { event.preventDefault(); queueCaption(caption); return; }
      const form = event.target.closest("form.photo-delete");
      if (!form) return;
      event.preventDefault();
      const li = form.closest("li");
      queueDelete(Number(li.dataset.photoId), li);
    });
  }
})();
