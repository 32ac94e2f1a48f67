/* Long reports (a big wave's summary) are built in the background, with a progress bar.
 *
 * A link marked `data-report-job` keeps its href, the synchronous download, which is what
 * works without this script. With it, a click POSTs to the same URL: the server answers
 * 202 with a job to poll (GET its `url`: status, progress, message), and once the job is
 * done the browser downloads its `result_url`. The server's refusals (no such wave, ...)
 * are shown beside the link; anything unexpected (a server without jobs, the network)
 * falls back to the plain link.
 */
(function () {
  "use strict";

  const POLL_MS = 1000;
  const MAX_POLL_ERRORS = 5; // then the plain download, rather than a bar that never moves

  function csrfToken() {
    const meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  }

  /* The status line after the link: a progress bar and the job's message. */
  function statusFor(link) {
    let box = link.nextElementSibling;
    if (!box || !box.classList.contains("job-status")) {
      box = document.createElement("span");
      box.className = "job-status";
      box.setAttribute("role", "status");
      const bar = document.createElement("progress");
      bar.max = 100;
      bar.value = 0;
      const text = document.createElement("span");
      text.className = "job-message";
      box.append(bar, text);
      link.after(box);
    }
    return {
      box: box,
      show: function (progress, message) {
        box.hidden = false;
        if (progress === null) {
          box.querySelector("progress").hidden = true;
        } else {
          box.querySelector("progress").hidden = false;
          box.querySelector("progress").value = progress;
        }
        box.querySelector(".job-message").textContent = message || "";
      },
    };
  }

  function readJson(response) {
    return response.json().catch(function () { return {}; });
  }

  function start(link) {
    const status = statusFor(link);
    let errors = 0;
    const done = function () { link.removeAttribute("aria-disabled"); };
    const plainDownload = function () { done(); window.location.assign(link.href); };

    function follow(job) {
      status.show(job.progress, job.message);
      if (job.status === "done" && job.result_url) {
        done();
        window.location.assign(job.result_url);
      } else if (job.status === "failed") {
        done();
      } else {
        setTimeout(poll, POLL_MS, job.url);
      }
    }

    function poll(url) {
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error("job " + response.status);
          errors = 0;
          return response.json().then(follow);
        })
        .catch(function () {
          errors += 1;
          if (errors >= MAX_POLL_ERRORS) plainDownload();
          else setTimeout(poll, POLL_MS, url);
        });
    }

    link.setAttribute("aria-disabled", "true");
    status.show(0, "");
    fetch(link.href, {
      method: "POST",
      headers: { Accept: "application/json", "X-CSRFToken": csrfToken() },
      credentials: "same-origin",
    })
      .then(function (response) {
        return readJson(response).then(function (body) {
          if (response.status === 202 && body.url) {
            follow(body);
          } else if (response.status < 500 && body.error && body.error.message) {
            done();
            status.show(null, body.error.message);
          } else {
            plainDownload();
          }
        });
      })
      .catch(plainDownload);
  }

  document.addEventListener("click", function (event) {
    const link = event.target.closest("a[data-report-job]");
    if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    if (link.getAttribute("aria-disabled") !== "true") start(link);
  });
})();
