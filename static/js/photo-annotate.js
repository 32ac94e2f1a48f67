/* Mark up a photo before it is queued: arrows, circles, text, and blurred regions (faces of
 * staff, card numbers). Works with a finger, a pen or a mouse (pointer events).
 *
 * Privacy: the editor works on the downscaled copy in memory and answers a NEW JPEG drawn
 * from the canvas; the caller queues only that one. A blurred region is pixelated into the
 * canvas itself (averaged blocks, not a CSS filter), so no sharp copy of it exists in what
 * is queued (IndexedDB), uploaded or stored. Cancelling answers null and keeps nothing.
 *
 * window.annotatePhoto(blob, messages) -> Promise<Blob|null>. */
(function () {
  "use strict";

  const QUALITY = 0.85;
  const COLOR = "#e0112b";

  function loadBitmap(blob) {
    return createImageBitmap(blob, { imageOrientation: "from-image" });
  }

  function button(label, tool, extra) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "btn" + (extra ? " " + extra : "");
    b.textContent = label;
    if (tool) { b.dataset.tool = tool; b.setAttribute("aria-pressed", "false"); }
    return b;
  }

  /* Pixelate a rectangle of the canvas in place: blocks of at least 20 px (or a quarter of
   * the region's short side), each the average of its pixels. */
  function pixelate(ctx, x, y, w, h) {
    x = Math.max(0, Math.round(x)); y = Math.max(0, Math.round(y));
    w = Math.min(ctx.canvas.width - x, Math.round(w)); h = Math.min(ctx.canvas.height - y, Math.round(h));
    if (w < 2 || h < 2) return;
    const block = Math.max(20, Math.round(Math.min(w, h) / 4));
    const small = document.createElement("canvas");
    small.width = Math.max(1, Math.ceil(w / block));
    small.height = Math.max(1, Math.ceil(h / block));
    const s = small.getContext("2d");
    s.imageSmoothingEnabled = true;
    s.imageSmoothingQuality = "high";
    s.drawImage(ctx.canvas, x, y, w, h, 0, 0, small.width, small.height);
    ctx.save();
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(small, 0, 0, small.width, small.height, x, y, w, h);
    ctx.restore();
  }

  function arrow(ctx, a, b, width) {
    const angle = Math.atan2(b.y - a.y, b.x - a.x);
    const head = width * 4;
    ctx.beginPath();
    ctx.moveTo(a.x, a.y);
    ctx.lineTo(b.x, b.y);
    ctx.stroke();
    ctx.beginPath();
    ctx.moveTo(b.x, b.y);
    ctx.lineTo(b.x - head * Math.cos(angle - 0.45), b.y - head * Math.sin(angle - 0.45));
    ctx.lineTo(b.x - head * Math.cos(angle + 0.45), b.y - head * Math.sin(angle + 0.45));
    ctx.closePath();
    ctx.fill();
  }

  function drawOp(ctx, op, width) {
    ctx.strokeStyle = COLOR;
    ctx.fillStyle = COLOR;
    ctx.lineWidth = width;
    ctx.lineCap = "round";
    if (op.tool === "blur") {
      pixelate(ctx, Math.min(op.a.x, op.b.x), Math.min(op.a.y, op.b.y),
        Math.abs(op.b.x - op.a.x), Math.abs(op.b.y - op.a.y));
    } else if (op.tool === "arrow") {
      arrow(ctx, op.a, op.b, width);
    } else if (op.tool === "circle") {
      ctx.beginPath();
      ctx.ellipse((op.a.x + op.b.x) / 2, (op.a.y + op.b.y) / 2,
        Math.abs(op.b.x - op.a.x) / 2 || 1, Math.abs(op.b.y - op.a.y) / 2 || 1, 0, 0, 2 * Math.PI);
      ctx.stroke();
    } else if (op.tool === "text" && op.text) {
      const size = width * 7;
      ctx.font = "bold " + size + "px sans-serif";
      ctx.lineWidth = width / 1.5;
      ctx.strokeStyle = "#ffffff";
      ctx.strokeText(op.text, op.a.x, op.a.y);
      ctx.fillText(op.text, op.a.x, op.a.y);
    }
  }

  function annotatePhoto(blob, M) {
    return loadBitmap(blob).then(function (bitmap) {
      return new Promise(function (resolve) {
        const dialog = document.createElement("dialog");
        dialog.className = "annotate";
        dialog.setAttribute("aria-label", M.annotateTitle);
        const bar = document.createElement("div");
        bar.className = "annotate-tools";
        bar.setAttribute("role", "toolbar");
        const tools = [
          button(M.toolArrow, "arrow"), button(M.toolCircle, "circle"),
          button(M.toolText, "text"), button(M.toolBlur, "blur"),
        ];
        tools.forEach(function (b) { bar.appendChild(b); });
        const textField = document.createElement("input");
        textField.type = "text";
        textField.maxLength = 60;
        textField.placeholder = M.textPlaceholder;
        textField.setAttribute("aria-label", M.textPlaceholder);
        textField.hidden = true;
        bar.appendChild(textField);
        const undo = button(M.undo, null);
        bar.appendChild(undo);

        const canvas = document.createElement("canvas");
        canvas.width = bitmap.width;
        canvas.height = bitmap.height;
        canvas.className = "annotate-canvas";
        const ctx = canvas.getContext("2d");
        const width = Math.max(3, Math.round(Math.max(canvas.width, canvas.height) / 300));
        const ops = [];
        let tool = "arrow";
        let start = null;

        function render(preview) {
          ctx.drawImage(bitmap, 0, 0);
          ops.forEach(function (op) { drawOp(ctx, op, width); });
          if (preview) drawOp(ctx, preview, width);
          undo.disabled = ops.length === 0;
        }

        function choose(name) {
          tool = name;
          tools.forEach(function (b) { b.setAttribute("aria-pressed", String(b.dataset.tool === name)); });
          textField.hidden = name !== "text";
          if (name === "text") textField.focus();
        }

        function point(event) {
          const box = canvas.getBoundingClientRect();
          return {
            x: (event.clientX - box.left) * canvas.width / box.width,
            y: (event.clientY - box.top) * canvas.height / box.height,
          };
        }

        canvas.addEventListener("pointerdown", function (event) {
          event.preventDefault();
          if (tool === "text") {
            const text = textField.value.trim();
            if (text) { ops.push({ tool: "text", a: point(event), text: text }); render(); }
            return;
          }
          canvas.setPointerCapture(event.pointerId);
          start = point(event);
        });
        canvas.addEventListener("pointermove", function (event) {
          if (start) render({ tool: tool, a: start, b: point(event) });
        });
        function finish(event) {
          if (!start) return;
          const op = { tool: tool, a: start, b: point(event) };
          start = null;
          if (Math.abs(op.b.x - op.a.x) + Math.abs(op.b.y - op.a.y) > 4) ops.push(op);
          render();
        }
        canvas.addEventListener("pointerup", finish);
        canvas.addEventListener("pointercancel", function () { start = null; render(); });

        tools.forEach(function (b) { b.addEventListener("click", function () { choose(b.dataset.tool); }); });
        undo.addEventListener("click", function () { ops.pop(); render(); });

        const actions = document.createElement("div");
        actions.className = "annotate-actions";
        const cancel = button(M.cancel, null);
        const done = button(M.usePhoto, null, "btn-primary");
        actions.appendChild(cancel);
        actions.appendChild(done);

        const frame = document.createElement("div");
        frame.className = "annotate-frame";
        frame.appendChild(canvas);
        dialog.appendChild(bar);
        dialog.appendChild(frame);
        dialog.appendChild(actions);
        document.body.appendChild(dialog);

        function close(result) {
          bitmap.close();
          dialog.close();
          dialog.remove();
          resolve(result);
        }
        cancel.addEventListener("click", function () {
          ctx.clearRect(0, 0, canvas.width, canvas.height);
          canvas.width = canvas.height = 0;
          close(null);
        });
        dialog.addEventListener("cancel", function (event) { event.preventDefault(); cancel.click(); });
        done.addEventListener("click", function () {
          render();
          canvas.toBlob(function (out) {
            // The canvas held the sharp picture under the blur only while editing: drop it.
            canvas.width = canvas.height = 0;
            close(out);
          }, "image/jpeg", QUALITY);
        });
        choose("arrow");
        render();
        dialog.showModal();
      });
    });
  }

  window.annotatePhoto = annotatePhoto;
})();
