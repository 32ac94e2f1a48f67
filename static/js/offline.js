/* Registers the service worker and tells it which pages to keep for offline use: the
 * home page lists every audit still to fill, each audit page names itself. */
(function () {
  "use strict";

  const config = document.getElementById("offline-config");
  if (!config || !("serviceWorker" in navigator)) return;
  const settings = JSON.parse(config.textContent);

  navigator.serviceWorker
    .register(settings.worker, { scope: settings.scope })
    .then(function () { return navigator.serviceWorker.ready; })
    .then(function (registration) {
      registration.active.postMessage({
        type: "cache-pages",
        user: settings.user,
        urls: [location.pathname].concat(settings.pages || []),
      });
    })
    .catch(function () {
      // No service worker (private mode, old browser): the outbox still keeps the answers.
    });
})();
