/* The auditor's service worker (served as /auditor/sw.js, scope /auditor/).
 *
 * Pages: network first, so an auditor online always sees the server's state; the copy is
 * kept, and served when the network fails, so assigned audits open in a shop without
 * signal. Assets: the same, so a deploy is never half old, half new. Photos: their URLs
 * are content-addressed, so a cached copy is always right. Writes never go through here:
 * the page's outbox (IndexedDB) queues and retries them.
 */
"use strict";

const VERSION = "v1";
const ASSETS = "audit-assets-" + VERSION;
const PAGES = "audit-pages-" + VERSION;
const PHOTOS = "audit-photos-" + VERSION;
const ASSET_URLS = [
  "/static/css/app.css",
  "/static/css/auditor.css",
  "/static/css/outbox.css",
  "/static/js/outbox.js",
  "/static/js/offline.js",
  "/static/js/exif-time.js",
  "/static/js/photo-resize.js",
  "/static/js/audit-page.js",
  "/static/js/audit-rules.js",
  "/static/js/photo-annotate.js",
  "/static/js/audit-photos.js",
  "/static/js/audit-checkin.js",
  "/static/js/audit-audio.js",
  "/static/js/audit-form.js",
  "/static/js/audit-not-saved.js",
  "/static/js/auditor-home.js",
  "/static/js/signout.js",
  "/static/js/nav.js",
];
const PHOTO_URL = /^\/api\/v1\/audits\/\d+\/photos\/\d+$/;

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(ASSETS).then(function (cache) { return cache.addAll(ASSET_URLS); })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  const keep = [ASSETS, PAGES, PHOTOS];
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (n) { return keep.indexOf(n) < 0; })
        .map(function (n) { return caches.delete(n); }));
    }).then(function () { return self.clients.claim(); })
  );
});

/* One cache entry per page, whatever its ?tp= (the page holds every touchpoint). */
function pageKey(url) {
  const u = new URL(url, self.location.origin);
  return u.origin + u.pathname;
}

/* Bumped at sign-out: a page fetched for the person who left is not stored after it. */
let generation = 0;

async function storePage(url, response, asOf) {
  if (!response.ok || response.redirected) return; // a redirect to sign-in is not the page
  if (asOf !== undefined && asOf !== generation) return;
  const cache = await caches.open(PAGES);
  await cache.put(pageKey(url), response);
}

/* Another person signing in on the same tablet must not see the last one's audits. */
async function forgetOtherUser(user) {
  const cache = await caches.open(PAGES);
  const marker = await cache.match("/__user__");
  const previous = marker ? await marker.text() : null;
  if (previous !== String(user)) {
    await caches.delete(PAGES);
    await caches.delete(PHOTOS);
    await (await caches.open(PAGES)).put("/__user__", new Response(String(user)));
  }
}

/* Sign-out (static/js/signout.js): drop this user's pages and photos. */
async function forgetUser() {
  generation += 1;
  await caches.delete(PAGES);
  await caches.delete(PHOTOS);
}

self.addEventListener("message", function (event) {
  const message = event.data || {};
  if (message.type === "sign-out") {
    event.waitUntil(forgetUser());
    return;
  }
  if (message.type !== "cache-pages") return;
  const asOf = generation;
  event.waitUntil(
    forgetOtherUser(message.user).then(function () {
      return Promise.all((message.urls || []).map(function (url) {
        return fetch(url, { credentials: "same-origin" })
          .then(function (response) { return storePage(url, response, asOf); })
          .catch(function () {});
      }));
    })
  );
});

async function networkFirstPage(request) {
  try {
    const response = await fetch(request);
    storePage(request.url, response.clone());
    return response;
  } catch (offline) {
    const cached = await caches.match(pageKey(request.url), { cacheName: PAGES });
    if (cached) return cached;
    const home = await caches.match(pageKey(self.registration.scope), { cacheName: PAGES });
    return home || new Response("Offline, and this page was not saved on this device.", {
      status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
}

/* Assets follow the pages (network first), so a deploy is never half old, half new. */
async function networkFirstAsset(request) {
  const cache = await caches.open(ASSETS);
  try {
    const response = await fetch(request);
    if (response.ok) cache.put(request, response.clone());
    return response;
  } catch (offline) {
    const cached = await cache.match(request, { ignoreSearch: true });
    if (cached) return cached;
    throw offline;
  }
}

async function cacheFirstPhoto(request) {
  const cache = await caches.open(PHOTOS);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) cache.put(request, response.clone());
  return response;
}

self.addEventListener("fetch", function (event) {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && url.pathname.indexOf("/auditor/") === 0) {
    event.respondWith(networkFirstPage(request));
  } else if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(networkFirstAsset(request));
  } else if (PHOTO_URL.test(url.pathname)) {
    event.respondWith(cacheFirstPhoto(request));
  }
});
