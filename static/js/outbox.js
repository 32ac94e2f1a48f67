/* The offline outbox: every answer, comment and photo is written to IndexedDB FIRST, then
 * sent to the API. A dropped connection, a closed tab or a flat battery between the two
 * loses nothing: whatever is still in the outbox is sent on the next sync.
 *
 * Nothing leaves the device unsent without the auditor seeing it: a change the server
 * refuses (422, 409...) moves to `refused`, listed on the audit page until the auditor
 * retries, downloads or dismisses it; a stale CSRF token is renewed and the change sent
 * again; each change carries its auditor, and only that auditor's session sends it.
 *
 * Stores:
 *  - ops:     what still has to reach the server, sent in order (id = insertion order):
 *             answer, photo, caption, delete-photo, audio, delete-audio; each tagged with
 *             its `user`. A photo's blob is what the auditor chose to send (downscaled,
 *             and marked up or blurred if they did): never the original of a blurred one.
 *  - local:   the last value given on this device per audit and criterion, so a page the
 *             service worker serves from its cache (older than the last edits) shows them.
 *  - refused: ops the server refused, with `status`, `reason` and `refusedAt`.
 *  - photos:  what this device last saw the server take per photo (added with its thumb
 *             URL, new caption, deleted) and the server's time `at`, for the same reason.
 */
(function () {
  "use strict";

  const DB_NAME = "audit-outbox";
  const DB_VERSION = 2;
  const configEl = document.getElementById("offline-config");
  const config = configEl ? JSON.parse(configEl.textContent) : {};
  const USER = config.user == null ? null : config.user;
  let dbPromise = null;

  function open() {
    if (!dbPromise) {
      dbPromise = new Promise(function (resolve, reject) {
        const request = indexedDB.open(DB_NAME, DB_VERSION);
        request.onupgradeneeded = function (event) {
          const db = request.result;
          if (event.oldVersion < 1) {
            const ops = db.createObjectStore("ops", { keyPath: "id", autoIncrement: true });
            ops.createIndex("audit", "audit");
            db.createObjectStore("local", { keyPath: ["audit", "key"] });
          }
          if (event.oldVersion < 2) {
            db.createObjectStore("refused", { keyPath: "id" }).createIndex("audit", "audit");
            db.createObjectStore("photos", { keyPath: ["audit", "id"] });
          }
        };
        request.onsuccess = function () {
          const db = request.result;
          // Another tab upgrading the database must not wait for this one to close.
          db.onversionchange = function () { db.close(); dbPromise = null; };
          resolve(db);
        };
        request.onerror = function () { dbPromise = null; reject(request.error); };
      });
    }
    return dbPromise;
  }

  /* Run `work(stores)` in one transaction; resolves with its result once committed. */
  function tx(names, mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        const t = db.transaction(names, mode);
        const stores = {};
        names.forEach(function (n) { stores[n] = t.objectStore(n); });
        let result;
        Promise.resolve(work(stores)).then(function (r) { result = r; }, reject);
        t.oncomplete = function () { resolve(result); };
        t.onerror = function () { reject(t.error); };
        t.onabort = function () { reject(t.error); };
      });
    });
  }

  function req(request) {
    return new Promise(function (resolve, reject) {
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  /* This session's change (untagged ones predate the tag and count as anybody's). */
  function mine(op) {
    return op.user == null || op.user === USER;
  }

  function byId(a, b) { return a.id - b.id; }

  function pendingAnswer(ops, key) {
    return ops.find(function (op) { return op.kind === "answer" && op.key === key && mine(op); });
  }

  /* Queue an answer and/or comment change. A pending change of the same criterion is
   * merged into (only the newest value matters, and it keeps the newest edit time). */
  function putAnswer(audit, api, key, change, editedAt) {
    return tx(["ops", "local"], "readwrite", function (s) {
      return req(s.ops.index("audit").getAll(audit)).then(function (ops) {
        const op = pendingAnswer(ops, key) ||
          { kind: "answer", audit: audit, api: api, key: key, user: USER };
        if ("value" in change) { op.value = change.value; op.hasValue = true; }
        if ("comment" in change) { op.comment = change.comment; op.hasComment = true; }
        op.editedAt = editedAt;
        op.rev = (op.rev || 0) + 1; // a send of an older rev must not settle this one
        s.ops.put(op);
        return req(s.local.get([audit, key])).then(function (known) {
          const entry = known || { audit: audit, key: key };
          Object.assign(entry, change, { editedAt: editedAt });
          s.local.put(entry);
        });
      });
    });
  }

  /* Queue a photo's new caption; a pending caption of the same photo is replaced. */
  function putCaption(audit, api, photoId, touchpoint, caption) {
    return tx(["ops"], "readwrite", function (s) {
      return req(s.ops.index("audit").getAll(audit)).then(function (ops) {
        const pending = ops.find(function (op) {
          return op.kind === "caption" && op.photoId === photoId && mine(op);
        });
        const op = pending || {
          kind: "caption", audit: audit, api: api, photoId: photoId, touchpoint: touchpoint,
          user: USER,
        };
        op.caption = caption;
        op.rev = (op.rev || 0) + 1;
        return req(s.ops.put(op));
      });
    });
  }

  function addOp(op) {
    op.user = USER;
    return tx(["ops"], "readwrite", function (s) { return req(s.ops.add(op)); });
  }

  function remove(id) {
    return tx(["ops"], "readwrite", function (s) { s.ops.delete(id); });
  }

  /* Drop a sent op, unless it was merged into (a newer value) while it was on its way. */
  function settle(sent) {
    return tx(["ops"], "readwrite", function (s) {
      return req(s.ops.get(sent.id)).then(function (now) {
        if (now && (now.rev || 0) === (sent.rev || 0)) s.ops.delete(sent.id);
      });
    });
  }

  /* Move a refused op to `refused`; false when a newer change replaced it on its way
   * (that one is sent next, so nothing is lost). */
  function refuse(sent, status, reason) {
    return tx(["ops", "refused"], "readwrite", function (s) {
      return req(s.ops.get(sent.id)).then(function (now) {
        if (!now || (now.rev || 0) !== (sent.rev || 0)) return false;
        s.ops.delete(sent.id);
        s.refused.put(Object.assign(now, {
          status: status, reason: reason, refusedAt: new Date().toISOString(),
        }));
        return true;
      });
    });
  }

  /* Put a refused op back in the queue, in its old place. A newer change of the same
   * answer waiting there wins, and takes from it only what it lacks. */
  function retry(id) {
    return tx(["ops", "refused", "local"], "readwrite", function (s) {
      return req(s.refused.get(id)).then(function (op) {
        if (!op) return;
        s.refused.delete(id);
        delete op.status; delete op.reason; delete op.refusedAt;
        if (op.kind !== "answer") { s.ops.put(op); return; }
        return req(s.ops.index("audit").getAll(op.audit)).then(function (ops) {
          const pending = pendingAnswer(ops, op.key);
          if (!pending) {
            s.ops.put(op);
            const change = {};
            if (op.hasValue) change.value = op.value;
            if (op.hasComment) change.comment = op.comment;
            s.local.put(Object.assign({ audit: op.audit, key: op.key, editedAt: op.editedAt }, change));
            return;
          }
          if (op.hasValue && !pending.hasValue) { pending.value = op.value; pending.hasValue = true; }
          if (op.hasComment && !pending.hasComment) { pending.comment = op.comment; pending.hasComment = true; }
          pending.rev = (pending.rev || 0) + 1;
          s.ops.put(pending);
        });
      });
    });
  }

  function dismiss(id) {
    return tx(["refused"], "readwrite", function (s) { s.refused.delete(id); });
  }

  /* This session's ops (of one audit, or all), oldest first. */
  function list(audit) {
    return tx(["ops"], "readonly", function (s) {
      return req(audit == null ? s.ops.getAll() : s.ops.index("audit").getAll(audit));
    }).then(function (ops) { return ops.filter(mine).sort(byId); });
  }

  function refusedList(audit) {
    return tx(["refused"], "readonly", function (s) {
      return req(s.refused.index("audit").getAll(audit));
    }).then(function (ops) { return ops.filter(mine).sort(byId); });
  }

  function localValues(audit) {
    return tx(["local"], "readonly", function (s) {
      return req(s.local.getAll(IDBKeyRange.bound([audit, ""], [audit, "\uffff"])));
    });
  }

  /* Record what the server kept (after a conflict), so the page stops showing ours. */
  function setLocal(audit, key, change, editedAt) {
    return tx(["local"], "readwrite", function (s) {
      s.local.put(Object.assign({ audit: audit, key: key, editedAt: editedAt }, change));
    });
  }

  // ---- what the server took of this device's photos (for pages older than that) -------

  const PHOTOS_OF = function (audit) { return IDBKeyRange.bound([audit], [audit, []]); };

  function notePhoto(entry) {
    return tx(["photos"], "readwrite", function (s) {
      return req(s.photos.get([entry.audit, entry.id])).then(function (known) {
        s.photos.put(Object.assign(known || {}, entry));
      });
    });
  }

  function knownPhotos(audit) {
    return tx(["photos"], "readonly", function (s) { return req(s.photos.getAll(PHOTOS_OF(audit))); });
  }

  function forgetPhotos(audit, ids) {
    return tx(["photos"], "readwrite", function (s) {
      ids.forEach(function (id) { s.photos.delete([audit, id]); });
    });
  }

  /* After the server took a photo op: remember the result, with the server's time. */
  function notePhotoOp(op, body, response) {
    const at = Date.parse(response.headers.get("Date") || "") || Date.now();
    if (op.kind === "photo") {
      return notePhoto({
        audit: op.audit, id: body.id, touchpoint: body.touchpoint, caption: body.caption,
        thumb: body.thumb_url, deleted: false, at: at,
      });
    }
    if (op.kind === "caption") {
      const caption = body.caption == null ? op.caption : body.caption;
      return notePhoto({ audit: op.audit, id: op.photoId, touchpoint: op.touchpoint, caption: caption, at: at });
    }
    if (op.kind === "delete-photo") {
      return notePhoto({ audit: op.audit, id: op.photoId, deleted: true, at: at });
    }
    return Promise.resolve();
  }

  // ---- sending --------------------------------------------------------------------------

  let renewedToken = null;

  function csrfToken() {
    if (renewedToken) return renewedToken;
    const meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  }

  /* The session changed under the page (expired, then back through the remember cookie):
   * fetch the new session's token, and give it to the page's forms too. */
  async function renewToken() {
    if (!config.csrf) return false;
    try {
      const response = await fetch(config.csrf, {
        headers: { Accept: "application/json" }, credentials: "same-origin", cache: "no-store",
      });
      if (!response.ok || response.redirected) return false;
      const token = (await response.json()).token;
      if (!token) return false;
      renewedToken = token;
      const meta = document.querySelector('meta[name="csrf-token"]');
      if (meta) meta.content = token;
      document.querySelectorAll('input[name="csrf_token"]').forEach(function (i) { i.value = token; });
      return true;
    } catch (offline) {
      return false;
    }
  }

  /* An evidence file's upload as the API takes it: the file, then the fields that have a
   * value (an empty one is the server's default anyway). */
  function uploadForm(op, defaultName, fields) {
    const form = new FormData();
    form.append("file", op.blob, op.filename || defaultName);
    Object.keys(fields).forEach(function (name) {
      if (fields[name]) form.append(name, fields[name]);
    });
    return form;
  }

  function send(op) {
    const headers = { "X-CSRFToken": csrfToken(), Accept: "application/json" };
    if (op.kind === "answer") {
      const body = { answers: {}, edited_at: op.editedAt };
      if (op.hasValue) body.answers[op.key] = op.value;
      if (op.hasComment) { body.comments = {}; body.comments[op.key] = op.comment; }
      headers["Content-Type"] = "application/json";
      return fetch(op.api + "/answers", {
        method: "PATCH", headers: headers, body: JSON.stringify(body), credentials: "same-origin",
      });
    }
    if (op.kind === "photo" || op.kind === "audio") {
      const photo = op.kind === "photo";
      const form = uploadForm(op, photo ? "photo.jpg" : "recording.webm", {
        touchpoint: op.touchpoint, caption: op.caption, client_uid: op.uid,
        criterion: op.criterion, taken_at: op.takenAt, exif_taken_at: op.exifTakenAt,
        kind: op.photoKind,
      });
      return fetch(op.api + (photo ? "/photos" : "/audio"), {
        method: "POST", headers: headers, body: form, credentials: "same-origin",
      });
    }
    if (op.kind === "post") { // check-in, timing log: a JSON body to a path of the audit
      headers["Content-Type"] = "application/json";
      return fetch(op.api + op.path, {
        method: "POST", headers: headers, body: JSON.stringify(op.body), credentials: "same-origin",
      });
    }
    if (op.kind === "delete-audio") {
      return fetch(op.api + "/audio/" + op.audioId, {
        method: "DELETE", headers: headers, credentials: "same-origin",
      });
    }
    if (op.kind === "caption") {
      headers["Content-Type"] = "application/json";
      return fetch(op.api + "/photos/" + op.photoId, {
        method: "PATCH", headers: headers, body: JSON.stringify({ caption: op.caption }),
        credentials: "same-origin",
      });
    }
    return fetch(op.api + "/photos/" + op.photoId, {
      method: "DELETE", headers: headers, credentials: "same-origin",
    });
  }

  function readJson(response) {
    return response.json().catch(function () { return {}; });
  }

  /* Send one op: {response, body}; a CSRF refusal is answered once with a fresh token. */
  async function deliver(op) {
    for (let tries = 0; ; tries++) {
      const response = await send(op);
      const body = response.status === 204 ? {} : await readJson(response);
      const csrf = response.status === 400 && (body.error || {}).code === "csrf_failed";
      if (!csrf) return { response: response, body: body };
      if (tries > 0 || !(await renewToken())) return { response: response, body: body, signin: true };
    }
  }

  function reasonOf(body, response) {
    const error = body.error || {};
    const detail = (error.details || [])[0];
    return (detail && detail.message) || error.message || response.statusText || String(response.status);
  }

  let running = null;

  /* Send this session's queued ops in order. `on` gets: saved(op, body), conflicts(op,
   * list), refused(op, message), and the result says why it stopped: "done", "offline",
   * "signin". Refused ops (a value the server will never take as it is) move to `refused`;
   * ops that failed for the connection or the session stay for the next try. */
  function sync(on) {
    if (running) return running;
    running = (async function () {
      const ops = await list();
      for (const op of ops) {
        let sent;
        try {
          sent = await deliver(op);
        } catch (networkError) {
          return "offline";
        }
        const response = sent.response;
        const body = sent.body;
        if (sent.signin || response.status === 401 || response.status === 403 || response.redirected) {
          return "signin";
        }
        if (response.status >= 500 || response.status === 429) return "offline";
        // Deleting a photo or recording that is already gone did what it was asked.
        const gone = (op.kind === "delete-photo" || op.kind === "delete-audio") && response.status === 404;
        if (response.ok || gone) {
          await settle(op);
          await notePhotoOp(op, body, response);
          if (!response.ok) continue;
          if (body.conflicts && body.conflicts.length && on.conflicts) on.conflicts(op, body.conflicts);
          if (on.saved) on.saved(op, body);
          continue;
        }
        const reason = reasonOf(body, response);
        if ((await refuse(op, response.status, reason)) && on.refused) on.refused(op, reason);
      }
      return "done";
    })().finally(function () { running = null; });
    return running;
  }

  window.Outbox = {
    user: USER,
    putAnswer: putAnswer,
    putCaption: putCaption,
    addOp: addOp,
    remove: remove,
    list: list,
    refusedList: refusedList,
    retry: retry,
    dismiss: dismiss,
    localValues: localValues,
    setLocal: setLocal,
    knownPhotos: knownPhotos,
    forgetPhotos: forgetPhotos,
    sync: sync,
  };
})();
