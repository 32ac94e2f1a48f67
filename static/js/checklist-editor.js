/* The checklist editor: line numbers, problems marked on their lines as you type
   (debounced calls to the validate endpoint), and a live preview of the auditor's form.
   No library: a textarea with a gutter and a layer of marks behind it. */
(function () {
  "use strict";
  var editor = document.querySelector(".editor");
  if (!editor) { return; }
  var textarea = editor.querySelector("textarea");
  var gutter = editor.querySelector(".editor-gutter");
  var marks = editor.querySelector(".editor-marks");
  var statusEl = document.getElementById("editor-status");
  var list = document.getElementById("editor-problems");
  var preview = document.getElementById("preview");
  var token = (document.querySelector("meta[name=csrf-token]") || {}).content || "";
  var DELAY = 400;
  var timer = null;
  var sequence = 0;
  var errorLines = new Set();
  var msg = editor.dataset;

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }

  function lineCount() { return textarea.value.split("\n").length; }

  function renderGutter() {
    var count = lineCount();
    var html = [];
    for (var n = 1; n <= count; n++) {
      html.push('<span data-line="' + n + '"' + (errorLines.has(n) ? ' class="line-error"' : "") + ">" + n + "</span>");
    }
    gutter.innerHTML = html.join("");
    marks.innerHTML = "";
    errorLines.forEach(function (n) {
      if (n < 1) { return; }
      var mark = document.createElement("div");
      mark.className = "mark";
      mark.style.top = "calc(" + (n - 1) + " * var(--editor-line) + var(--editor-pad))";
      marks.appendChild(mark);
    });
    syncScroll();
  }

  function syncScroll() {
    gutter.scrollTop = textarea.scrollTop;
    marks.style.transform = "translate(" + -textarea.scrollLeft + "px, " + -textarea.scrollTop + "px)";
  }

  function goToLine(n) {
    var lines = textarea.value.split("\n");
    var offset = 0;
    for (var i = 0; i < Math.min(n - 1, lines.length); i++) { offset += lines[i].length + 1; }
    textarea.focus();
    textarea.setSelectionRange(offset, offset + (lines[n - 1] || "").length);
    var lineHeight = parseFloat(getComputedStyle(textarea).lineHeight) || 20;
    textarea.scrollTop = Math.max(0, (n - 3) * lineHeight);
    syncScroll();
  }

  function showProblems(problems) {
    errorLines = new Set(problems.map(function (p) { return p.line; }));
    list.innerHTML = "";
    problems.forEach(function (p) {
      var item = document.createElement("li");
      item.dataset.line = p.line;
      var jump = document.createElement("button");
      jump.type = "button";
      jump.className = "linkish";
      jump.dataset.goto = p.line;
      jump.textContent = p.line ? fill(msg.msgLine, { n: p.line }) : msg.msgFile;
      var path = document.createElement("code");
      path.textContent = p.path;
      item.appendChild(jump);
      item.appendChild(document.createTextNode(" · "));
      item.appendChild(path);
      item.appendChild(document.createTextNode(": " + p.message));
      list.appendChild(item);
    });
    renderGutter();
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token, "Accept": "application/json" },
      body: JSON.stringify(body)
    });
  }

  function check() {
    var mine = ++sequence;
    var source = textarea.value;
    statusEl.textContent = msg.msgChecking;
    post(editor.dataset.validateUrl, { source: source })
      .then(function (r) { return r.json(); })
      .then(function (result) {
        if (mine !== sequence) { return; }  // a newer keystroke has its own check running
        showProblems(result.problems || []);
        editor.classList.toggle("is-valid", !!result.ok);
        editor.classList.toggle("is-invalid", !result.ok);
        preview.classList.toggle("is-stale", !result.ok);  // the last valid preview, dimmed
        var warnings = (result.warnings || []).length;  // texts missing a language
        statusEl.textContent = result.ok
          ? "✓ " + fill(msg.msgValid, { id: result.id, version: result.next_version }) +
            (warnings ? " · " + fill(msg.msgWarnings, { n: warnings }) : "")
          : fill(msg.msgProblems, { n: result.problems.length });
        if (result.ok) { refreshPreview(source, mine); }
      })
      .catch(function () {
        if (mine === sequence) { statusEl.textContent = msg.msgOffline; }
      });
  }

  function refreshPreview(source, mine) {
    post(editor.dataset.previewUrl, { source: source })
      .then(function (r) { return r.text(); })
      .then(function (html) { if (mine === sequence) { preview.innerHTML = html; } });
  }

  textarea.addEventListener("input", function () {
    renderGutter();
    clearTimeout(timer);
    timer = setTimeout(check, DELAY);
  });
  textarea.addEventListener("scroll", syncScroll);
  textarea.addEventListener("keydown", function (event) {
    if (event.key !== "Tab" || event.shiftKey || event.ctrlKey || event.metaKey) { return; }
    event.preventDefault();  // YAML indents with spaces: Tab inserts two
    var start = textarea.selectionStart;
    textarea.setRangeText("  ", start, textarea.selectionEnd, "end");
    textarea.dispatchEvent(new Event("input"));
  });
  list.addEventListener("click", function (event) {
    var target = event.target.closest("[data-goto]");
    if (target && Number(target.dataset.goto) > 0) { goToLine(Number(target.dataset.goto)); }
  });
  Array.prototype.forEach.call(list.querySelectorAll("li[data-line]"), function (li) {
    errorLines.add(Number(li.dataset.line));
  });
  renderGutter();
  check();
})();
