/* Home page: send whatever an audit page left in the outbox (the tab may have been closed
 * offline), and say whether everything is on the server. */
(function () {
  "use strict";

  document.documentElement.classList.add("js");
  const stateEl = document.querySelector("[data-sync-state]");
  const messages = JSON.parse(document.getElementById("home-messages").textContent);

  function fmt(template, n) { return template.replace("{n}", n); }

  async function show(result) {
    const n = (await Outbox.list()).length;
    if (!n) { stateEl.textContent = result ? messages.saved : ""; stateEl.className = "sync-state is-saved"; return; }
    const template = result === "signin" ? messages.signin
      : (!navigator.onLine || result === "offline") ? messages.offline : messages.waiting;
    stateEl.textContent = fmt(template, n);
    stateEl.className = "sync-state " + (result === "signin" ? "is-error" : "is-waiting");
  }

  async function sync() {
    if (!(await Outbox.list()).length) return show(null);
    if (!navigator.onLine) return show("offline");
    return show(await Outbox.sync({}));
  }

  window.addEventListener("online", sync);
  window.addEventListener("offline", function () { show("offline"); });
  sync();
})();
