/* Kórme comparisons (partials/compare.html): two images whose zoom and pan move together (a
   button unlinks them), or a before/after slider (a real range input: keyboard and touch).
   Linked views keep the same relative region: the same fraction of each image's width and
   height, so images of different pixel sizes show the same part. Without this script the two
   pictures stand side by side, each a link to its page. */
(function () {
  "use strict";
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  function slider(fig) {
    var ds = fig.dataset, panes = fig.querySelectorAll(".compare-pane");
    var frame = el("div", "slider-frame"), a = panes[0], b = panes[1];
    frame.append(a.querySelector(".compare-image"), b.querySelector(".compare-image"));
    frame.style.setProperty("--ratio", a.dataset.w + " / " + a.dataset.h);
    fig.querySelector(".compare-panes").before(frame);
    var range = el("input", "compare-range");
    range.type = "range";
    range.min = "0";
    range.max = "100";
    range.step = "1";
    range.value = "50";
    range.setAttribute("aria-label", ds.labelSlider);
    function cut() {
      frame.style.setProperty("--cut", range.value + "%");
      range.setAttribute("aria-valuetext", range.value + " %");
    }
    range.addEventListener("input", cut);
    frame.after(range);
    frame.querySelectorAll("a").forEach(function (x) { x.tabIndex = -1; });
    cut();
  }

  function linked(fig) {
    var ds = fig.dataset, together = true;
    var panes = Array.prototype.map.call(fig.querySelectorAll(".compare-pane"), function (p) {
      var box = p.querySelector(".compare-image"), img = box.querySelector("img");
      return { box: box, img: img, w: +p.dataset.w, h: +p.dataset.h, v: { z: 1, fx: 0.5, fy: 0.5 } };
    });
    var ratio = panes[0].h / panes[0].w;
    panes.forEach(function (p) { p.box.style.aspectRatio = "1 / " + ratio; });

    function draw(p) {
      var W = p.box.clientWidth, H = p.box.clientHeight, b = Math.min(W / p.w, H / p.h), v = p.v;
      var k = v.z * b;
      p.img.style.width = p.w * b + "px";
      p.img.style.height = p.h * b + "px";
      p.img.style.transform = "translate(" + (W / 2 - k * p.w * v.fx) + "px," + (H / 2 - k * p.h * v.fy) + "px) scale(" + v.z + ")";
      var rw = W / k, rh = H / k;
      p.box.setAttribute("data-region", [p.w * v.fx - rw / 2, p.h * v.fy - rh / 2, rw, rh].map(Math.round).join(","));
      p.box.setAttribute("data-view", [v.fx.toFixed(4), v.fy.toFixed(4), v.z.toFixed(4)].join(","));
      if (v.z > 1.01 && !p.sharp) {  // zoomed: let the browser take a larger file
        p.sharp = true;
        var big = Math.round(W * 4) + "px";
        p.box.querySelectorAll("source, img").forEach(function (s) { s.setAttribute("sizes", big); });
      }
    }
    function clamp(v) {
      v.z = Math.max(1, Math.min(16, v.z));
      var m = 0.5 / v.z;
      v.fx = Math.max(m, Math.min(1 - m, v.fx));
      v.fy = Math.max(m, Math.min(1 - m, v.fy));
    }
    function change(p, fn) {  // change one pane's view; linked, the other takes the same
      fn(p.v);
      clamp(p.v);
      panes.forEach(function (q) {
        if (q !== p && together) q.v = { z: p.v.z, fx: p.v.fx, fy: p.v.fy };
        if (q === p || together) draw(q);
      });
    }
    function zoom(p, f) { change(p, function (v) { v.z *= f; }); }
    function pan(p, dx, dy) {
      var b = Math.min(p.box.clientWidth / p.w, p.box.clientHeight / p.h);
      change(p, function (v) { v.fx -= dx / (v.z * b * p.w); v.fy -= dy / (v.z * b * p.h); });
    }

    var tools = el("div", "compare-tools");
    function tool(label, text, fn) {
      var b = el("button", "viewer-btn story-btn", text);
      b.type = "button";
      if (label) { b.setAttribute("aria-label", label); b.title = label; }
      b.addEventListener("click", fn);
      tools.append(b);
      return b;
    }
    tool(ds.labelZoomOut, "−", function () { zoom(panes[0], 1 / 1.5); if (!together) zoom(panes[1], 1 / 1.5); });
    tool(ds.labelZoomIn, "+", function () { zoom(panes[0], 1.5); if (!together) zoom(panes[1], 1.5); });
    tool(ds.labelReset, "⊡", function () {
      panes.forEach(function (p) { p.v = { z: 1, fx: 0.5, fy: 0.5 }; draw(p); });
    });
    var link = tool("", ds.labelLinked, function () {
      together = !together;
      link.setAttribute("aria-pressed", String(together));
      if (together) change(panes[0], function () {});
    });
    link.classList.add("compare-link");
    link.setAttribute("aria-pressed", "true");
    fig.querySelector(".compare-panes").after(tools);

    panes.forEach(function (p) {
      var drag = null, moved = false;
      p.box.tabIndex = 0;
      p.box.setAttribute("role", "img");
      p.box.setAttribute("aria-label", p.img.alt);
      p.box.addEventListener("click", function (e) { e.preventDefault(); });
      p.box.addEventListener("pointerdown", function (e) {
        if (e.button) return;
        drag = { x: e.clientX, y: e.clientY };
        moved = false;
        p.box.setPointerCapture(e.pointerId);
      });
      p.box.addEventListener("pointermove", function (e) {
        if (!drag) return;
        var dx = e.clientX - drag.x, dy = e.clientY - drag.y;
        if (Math.abs(dx) + Math.abs(dy) > 2) moved = true;
        pan(p, dx, dy);
        drag = { x: e.clientX, y: e.clientY };
      });
      p.box.addEventListener("pointerup", function () { drag = null; });
      p.box.addEventListener("dblclick", function () { if (!moved) zoom(p, 2); });
      p.box.addEventListener("wheel", function (e) {
        if (!e.ctrlKey && p.v.z <= 1) return;  // at rest the page scrolls
        e.preventDefault();
        zoom(p, Math.exp(-e.deltaY * 0.0015));
      }, { passive: false });
      p.box.addEventListener("keydown", function (e) {
        var k = e.key;
        if (k === "+" || k === "=") zoom(p, 1.5);
        else if (k === "-") zoom(p, 1 / 1.5);
        else if (k === "ArrowLeft") pan(p, 60, 0);
        else if (k === "ArrowRight") pan(p, -60, 0);
        else if (k === "ArrowUp") pan(p, 0, 60);
        else if (k === "ArrowDown") pan(p, 0, -60);
        else return;
        e.preventDefault();
      });
      if (window.ResizeObserver) new ResizeObserver(function () { draw(p); }).observe(p.box);
    });
    panes.forEach(draw);
  }

  function start(fig) {
    if (fig.classList.contains("is-live")) return;
    fig.classList.add("is-live");
    if (fig.dataset.compare === "slider") slider(fig); else linked(fig);
  }
  document.querySelectorAll("[data-compare]").forEach(start);
  window.KormeCompare = start;  // the compare page starts the figures it makes
})();
