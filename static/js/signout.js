/* Sign-out on a shared tablet: the next person must not find this one's audits on it.
 *
 * Before the sign-out form posts, the pages and photos the service worker saved for offline
 * use are dropped, and the outbox (IndexedDB, see outbox.js) is emptied, but only when it
 * holds nothing unsynced (queued, or refused by the server and not dismissed): otherwise
 * the person is asked first, with how many changes would be lost, and Cancel keeps them
 * (and the session). Offline, the sign-out cannot reach the
 * server, so nothing is dropped and the offline pages stay usable. Works on every page,
 * with or without outbox.js loaded; it never creates the outbox database.
 */
(function () {
  "use strict";

  const form = document.querySelector("form[data-signout]");
  if (!form) return;
  const DB_NAME = "audit-outbox";
  const SAVED = /^audit-(pages|photos)-/; // the service worker's caches of this user's data
  const WAIT_MS = 3000; // a stuck database or cache never keeps anybody signed in
  const STORES = ["ops", "local", "refused", "photos"]; // outbox.js's stores
  const UNSENT = ["ops", "refused"]; // queued, and refused by the server but not dismissed

  function within(promise, fallback) {
    return Promise.race([
      promise.catch(function () { return fallback; }),
      new Promise(function (resolve) { setTimeout(resolve, WAIT_MS, fallback); }),
    ]);
  }

  /* The outbox database if this device has one; null if not (opening must not create it,
   * or outbox.js would later find a database without its stores). */
  function openOutbox() {
    return new Promise(function (resolve) {
      if (!window.indexedDB) { resolve(null); return; }
      const request = indexedDB.open(DB_NAME);
      request.onupgradeneeded = function () { request.transaction.abort(); };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { resolve(null); };
    });
  }

  function run(db, mode, work) {
    const names = STORES.filter(function (n) { return db.objectStoreNames.contains(n); });
    if (!names.length) return Promise.resolve(0);
    return new Promise(function (resolve, reject) {
      const t = db.transaction(names, mode);
      let result;
      work(t, names, function (r) { result = r; });
      t.oncomplete = function () { resolve(result); };
      t.onerror = t.onabort = function () { reject(t.error); };
    });
  }

  /* How many changes were not sent (answers, photos, deletes...), of anybody. */
  function unsynced(db) {
    return run(db, "readonly", function (t, names, done) {
      let total = 0;
      names.filter(function (n) { return UNSENT.indexOf(n) >= 0; }).forEach(function (n) {
        const request = t.objectStore(n).count();
        request.onsuccess = function () { total += request.result; done(total); };
      });
      done(total);
    });
  }

  function emptyOutbox(db) {
    return run(db, "readwrite", function (t, names) {
      names.forEach(function (n) { t.objectStore(n).clear(); });
    });
  }

  function dropSavedPages() {
    if (navigator.serviceWorker && navigator.serviceWorker.controller) {
      navigator.serviceWorker.controller.postMessage({ type: "sign-out" });
    }
    if (!window.caches) return Promise.resolve();
    return caches.keys().then(function (names) {
      return Promise.all(names.filter(function (n) { return SAVED.test(n); })
        .map(function (n) { return caches.delete(n); }));
    });
  }

  /* Last chance on an audit page: send what is queued before counting it. */
  function trySync() {
    if (!window.Outbox || !navigator.onLine) return Promise.resolve();
    return window.Outbox.sync({});
  }

  /* Forget this user's data; false when the person chose to stay signed in. */
  async function forget() {
    if (!navigator.onLine) return true;
    await within(trySync(), null);
    const db = await within(openOutbox(), null);
    if (db) {
      const n = await within(unsynced(db), -1);
      if (n > 0 && !window.confirm(form.dataset.unsynced.replace("{n}", n))) {
        db.close();
        return false;
      }
      if (n >= 0) await within(emptyOutbox(db), null); // unknown (-1): keep it, never lose
      db.close();
    }
    await within(dropSavedPages(), null);
    return true;
  }

  let leaving = false;

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (leaving) return;
    leaving = true;
    forget().then(function (go) {
      leaving = false;
      if (go) form.submit(); // submit() fires no submit event: no loop
    }, function () {
      form.submit();
    });
  });
})();
