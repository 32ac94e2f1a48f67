/* The offline outbox: every answer, comment and photo is written to IndexedDB FIRST, then
 * sent to the API. A dropped connection, a closed tab or a flat battery between the two
 * loses nothing: whatever is still in the outbox is sent on the next sync.
 *
 * Stores:
 *  - ops:   what still has to reach the server, sent in order (id = insertion order):
 *           answer, photo, caption, delete-photo.
 *  - local: the last value given on this device per audit and criterion, so a page the
 *           service worker serves from its cache (older than the last edits) shows them.
 */
(function () {
  "use strict";

  const DB_NAME = "audit-outbox";
  const DB_VERSION = 1;
  let dbPromise = null;

  function open() {
    if (!dbPromise) {
      dbPromise = new Promise(function (resolve, reject) {
        const request = indexedDB.open(DB_NAME, DB_VERSION);
        request.onupgradeneeded = function () {
          const db = request.result;
          const ops = db.createObjectStore("ops", { keyPath: "id", autoIncrement: true });
          ops.createIndex("audit", "audit");
          db.createObjectStore("local", { keyPath: ["audit", "key"] });
        };
        request.onsuccess = function () { resolve(request.result); };
        request.onerror = function () { reject(request.error); };
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

  /* Queue an answer and/or comment change. A pending change of the same criterion is
   * merged into (only the newest value matters, and it keeps the newest edit time). */
  function putAnswer(audit, api, key, change, editedAt) {
    return tx(["ops", "local"], "readwrite", function (s) {
      return req(s.ops.index("audit").getAll(audit)).then(function (ops) {
        const pending = ops.find(function (op) { return op.kind === "answer" && op.key === key; });
        const op = pending || { kind: "answer", audit: audit, api: api, key: key };
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
          return op.kind === "caption" && op.photoId === photoId;
        });
        const op = pending || {
          kind: "caption", audit: audit, api: api, photoId: photoId, touchpoint: touchpoint,
        };
        op.caption = caption;
        op.rev = (op.rev || 0) + 1;
        return req(s.ops.put(op));
      });
    });
  }

  function addOp(op) {
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

  function list(audit) {
    return tx(["ops"], "readonly", function (s) {
      return req(audit == null ? s.ops.getAll() : s.ops.index("audit").getAll(audit));
    }).then(function (ops) { return ops.sort(function (a, b) { return a.id - b.id; }); });
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

  function csrfToken() {
    const meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
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
    if (op.kind === "photo") {
      const form = new FormData();
      form.append("file", op.blob, op.filename || "photo.jpg");
      form.append("touchpoint", op.touchpoint);
      form.append("caption", op.caption || "");
      form.append("client_uid", op.uid);
      if (op.takenAt) form.append("taken_at", op.takenAt);
      return fetch(op.api + "/photos", {
        method: "POST", headers: headers, body: form, credentials: "same-origin",
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

  let running = null;

  /* Send every queued op in order. `on` gets: saved(op, body), conflicts(op, list),
   * refused(op, message), and the result says why it stopped: "done", "offline", "signin".
   * Refused ops (a value the server will never take) are dropped, and said so; ops that
   * failed for the connection or the session stay for the next try. */
  function sync(on) {
    if (running) return running;
    running = (async function () {
      const ops = await list();
      for (const op of ops) {
        let response;
        try {
          response = await send(op);
        } catch (networkError) {
          return "offline";
        }
        if (response.status === 401 || response.redirected) return "signin";
        if (response.status >= 500 || response.status === 429 || response.status === 403) {
          return response.status === 403 ? "signin" : "offline";
        }
        const body = response.status === 204 ? {} : await readJson(response);
        await settle(op);
        if (response.ok) {
          if (body.conflicts && body.conflicts.length && on.conflicts) on.conflicts(op, body.conflicts);
          if (on.saved) on.saved(op, body);
        } else if (on.refused && !(op.kind === "delete-photo" && response.status === 404)) {
          const error = body.error || {};
          const detail = (error.details || [])[0];
          on.refused(op, (detail && detail.message) || error.message || response.statusText);
        }
      }
      return "done";
    })().finally(function () { running = null; });
    return running;
  }

  window.Outbox = {
    putAnswer: putAnswer,
    putCaption: putCaption,
    addOp: addOp,
    remove: remove,
    list: list,
    localValues: localValues,
    setLocal: setLocal,
    sync: sync,
  };
})();
