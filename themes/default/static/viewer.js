/* Kórme zoom viewer: deep zoom over IIIF level-0 tiles, no dependencies, no fetch.
   The page carries the tile geometry in <script type="application/json" id="viewer-data">;
   each image link a.zoom-open[data-page] opens the viewer at its page. Without this script
   the link leads to the largest image. */
(function () {
  "use strict";
  var block = document.getElementById("viewer-data");
  if (!block || !window.HTMLDialogElement) return;
  var cfg = JSON.parse(block.textContent);
  var ui = cfg.ui, pages = cfg.pages, rtl = cfg.dir === "rtl";
  var dlg, canvas, ctx, label, count, prevBtn, nextBtn, textsBtn, aside, opener;
  var cache = {}, view = null, cur = 0, frame = 0, pointers = {}, lastTap = null;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }
  function button(cls, icon, name, fn) {
    var b = el("button", "viewer-btn " + cls, icon);
    b.type = "button";
    b.title = name;
    b.setAttribute("aria-label", name);
    b.addEventListener("click", fn);
    return b;
  }

  function build() {
    dlg = el("dialog", "viewer");
    dlg.setAttribute("aria-label", ui.title);
    var bar = el("div", "viewer-bar");
    label = el("p", "viewer-label");
    label.setAttribute("aria-live", "polite");
    var paging = el("div", "viewer-paging");
    paging.dir = rtl ? "rtl" : "ltr";
    prevBtn = button("viewer-prev", rtl ? "→" : "←", ui.prev, function () { go(cur - 1); });
    nextBtn = button("viewer-next", rtl ? "←" : "→", ui.next, function () { go(cur + 1); });
    count = el("span", "viewer-count");
    count.dir = document.documentElement.dir || "ltr";  // "1 / 3" reads the page's way
    paging.append(prevBtn, count, nextBtn);
    var tools = el("div", "viewer-tools");
    textsBtn = button("viewer-texts-btn", "¶", ui.texts, function () {
      var on = textsBtn.getAttribute("aria-pressed") !== "true";
      textsBtn.setAttribute("aria-pressed", String(on));
      aside.hidden = !on;
      resize();
    });
    textsBtn.setAttribute("aria-pressed", "true");
    tools.append(
      button("viewer-out", "−", ui.zoom_out, function () { zoomBy(1 / 1.5); }),
      button("viewer-in", "+", ui.zoom_in, function () { zoomBy(1.5); }),
      button("viewer-fit", "⊡", ui.reset, function () { fit(); draw(); }),
      textsBtn,
      button("viewer-full", "⤢", ui.fullscreen, fullscreen),
      button("viewer-close", "×", ui.close, function () { dlg.close(); }));
    bar.append(label, paging, tools);
    var body = el("div", "viewer-body");
    var stage = el("div", "viewer-stage");
    canvas = el("canvas", "viewer-canvas");
    canvas.tabIndex = 0;
    canvas.setAttribute("role", "img");
    var help = el("p", "viewer-help", ui.help);
    help.id = "viewer-help";
    canvas.setAttribute("aria-describedby", help.id);
    stage.append(canvas, help);
    aside = el("aside", "viewer-texts");
    aside.setAttribute("aria-label", ui.texts);
    body.append(stage, aside);
    dlg.append(bar, body);
    document.body.append(dlg);
    ctx = canvas.getContext("2d");
    dlg.addEventListener("close", closed);
    dlg.addEventListener("keydown", key);
    canvas.addEventListener("wheel", wheel, { passive: false });
    canvas.addEventListener("pointerdown", down);
    canvas.addEventListener("pointermove", move);
    canvas.addEventListener("pointerup", up);
    canvas.addEventListener("pointercancel", up);
    window.addEventListener("resize", function () { if (dlg.open) resize(); });
  }

  /* geometry: the same rules as generator/iiif/tiles.py */
  function tiles(p, s) {
    if (p.src) return [{ x: 0, y: 0, w: p.w, h: p.h, url: p.src }];
    var step = p.tile * s, out = [];
    for (var y = 0; y < p.h; y += step) {
      for (var x = 0; x < p.w; x += step) {
        var w = Math.min(step, p.w - x), h = Math.min(step, p.h - y);
        var full = x === 0 && y === 0 && w === p.w && h === p.h;
        var region = full ? "full" : [x, y, w, h].join(",");
        var size = full && s === 1 ? "max" : Math.ceil(w / s) + "," + Math.ceil(h / s);
        out.push({ x: x, y: y, w: w, h: h, url: p.base + "/" + region + "/" + size + "/0/default.jpg" });
      }
    }
    return out;
  }
  function scales(p) { return p.src ? [1] : p.scales; }

  function image(url) {
    var im = cache[url];
    if (!im) {
      im = cache[url] = new Image();
      im.decoding = "async";
      im.addEventListener("load", schedule);
      im.src = url;
    }
    return im;
  }

  function size() {
    var r = canvas.getBoundingClientRect();
    return { w: Math.max(1, r.width), h: Math.max(1, r.height) };
  }
  function fitZoom() {
    var p = pages[cur], s = size();
    return Math.min(s.w / p.w, s.h / p.h) * 0.96;
  }
  function fit() {
    var p = pages[cur];
    view = { z: fitZoom(), cx: p.w / 2, cy: p.h / 2 };
  }
  function clamp() {
    var p = pages[cur], min = fitZoom(), max = Math.max(min, 4);
    view.z = Math.min(max, Math.max(min, view.z));
    view.cx = Math.min(p.w, Math.max(0, view.cx));
    view.cy = Math.min(p.h, Math.max(0, view.cy));
  }
  function zoomAt(f, px, py) {
    var s = size(), z = view.z;
    var ix = view.cx + (px - s.w / 2) / z, iy = view.cy + (py - s.h / 2) / z;
    view.z = z * f;
    clamp();
    view.cx = ix - (px - s.w / 2) / view.z;
    view.cy = iy - (py - s.h / 2) / view.z;
    clamp();
    schedule();
  }
  function zoomBy(f) { var s = size(); zoomAt(f, s.w / 2, s.h / 2); }
  function pan(dx, dy) { view.cx -= dx / view.z; view.cy -= dy / view.z; clamp(); schedule(); }

  function schedule() {
    if (!frame) frame = requestAnimationFrame(function () { frame = 0; draw(); });
  }
  function draw() {
    if (!dlg.open) return;
    var p = pages[cur], s = size(), dpr = window.devicePixelRatio || 1, z = view.z;
    var left = view.cx - s.w / 2 / z, top = view.cy - s.h / 2 / z;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, s.w, s.h);
    var list = scales(p), want = list.length - 1;
    while (want > 0 && list[want] > 1 / (z * dpr)) want--;
    // coarse to fine: what is loaded of every level up to the wanted one
    for (var i = list.length - 1; i >= want; i--) {
      var ts = tiles(p, list[i]);
      for (var k = 0; k < ts.length; k++) {
        var t = ts[k];
        if (t.x > left + s.w / z || t.y > top + s.h / z || t.x + t.w < left || t.y + t.h < top) continue;
        var im = (i === want || i === list.length - 1) ? image(t.url) : cache[t.url];
        if (im && im.complete && im.naturalWidth) {
          ctx.drawImage(im, (t.x - left) * z, (t.y - top) * z, t.w * z, t.h * z);
        }
      }
    }
  }
  function resize() {
    var s = size(), dpr = window.devicePixelRatio || 1, was = view && view.z <= fitZoom() * 1.001;
    canvas.width = Math.round(s.w * dpr);
    canvas.height = Math.round(s.h * dpr);
    if (!view || was) fit(); else clamp();
    draw();
  }

  function go(n) {
    if (n < 0 || n >= pages.length) return;
    cur = n;
    var p = pages[cur], fig = document.getElementById("image-" + p.n);
    var img = fig && fig.querySelector("img"), lab = fig && fig.querySelector(".label");
    canvas.setAttribute("aria-label", img ? img.alt : "");
    count.textContent = ui.page.replace("{n}", cur + 1).replace("{total}", pages.length);
    label.textContent = lab ? lab.textContent : "";
    prevBtn.disabled = cur === 0;
    nextBtn.disabled = cur === pages.length - 1;
    prevBtn.hidden = nextBtn.hidden = count.hidden = pages.length < 2;
    var active = document.activeElement;
    if (dlg.open && (!active || active.disabled || !dlg.contains(active))) canvas.focus();
    var texts = fig && fig.querySelector(".page-texts");
    aside.replaceChildren();
    if (texts) {
      var copy = texts.cloneNode(true);
      copy.querySelectorAll("details").forEach(function (d) { d.open = true; });
      aside.append(copy);
    }
    textsBtn.hidden = !texts;
    aside.hidden = !texts || textsBtn.getAttribute("aria-pressed") !== "true";
    view = null;
    resize();
  }

  function open(n, from) {
    if (!dlg) build();
    opener = from;
    dlg.showModal();
    document.documentElement.classList.add("viewer-open");
    go(n);
    canvas.focus();
  }
  function closed() {
    document.documentElement.classList.remove("viewer-open");
    if (document.fullscreenElement) document.exitFullscreen().catch(function () {});
    if (opener) opener.focus();
  }
  function fullscreen() {
    if (document.fullscreenElement) document.exitFullscreen().catch(function () {});
    else if (dlg.requestFullscreen) dlg.requestFullscreen().catch(function () {});
  }

  function focusables() {
    return Array.prototype.filter.call(dlg.querySelectorAll("button, [tabindex], a[href], summary"),
      function (e) { return !e.disabled && !e.hidden && e.offsetParent !== null; });
  }
  function key(e) {
    var step = 80, k = e.key;
    if (k === "Tab") {  // keep focus inside
      var f = focusables(), first = f[0], last = f[f.length - 1];
      if (e.shiftKey && document.activeElement === first) { last.focus(); e.preventDefault(); }
      else if (!e.shiftKey && document.activeElement === last) { first.focus(); e.preventDefault(); }
      return;
    }
    if (e.target.tagName === "BUTTON" && (k === "Enter" || k === " ")) return;
    if (k === "+" || k === "=") zoomBy(1.5);
    else if (k === "-" || k === "_") zoomBy(1 / 1.5);
    else if (k === "0") { fit(); draw(); }
    else if (k === "ArrowLeft") pan(step, 0);
    else if (k === "ArrowRight") pan(-step, 0);
    else if (k === "ArrowUp") pan(0, step);
    else if (k === "ArrowDown") pan(0, -step);
    else if (k === "PageDown") go(cur + 1);
    else if (k === "PageUp") go(cur - 1);
    else if (k === "Home") go(0);
    else if (k === "End") go(pages.length - 1);
    else return;
    e.preventDefault();
  }

  function local(e) {
    var r = canvas.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  }
  function wheel(e) {
    e.preventDefault();
    var q = local(e), d = e.deltaMode === 1 ? e.deltaY * 16 : e.deltaY;
    zoomAt(Math.exp(-d * 0.0015), q.x, q.y);
  }
  function down(e) {
    canvas.setPointerCapture(e.pointerId);
    pointers[e.pointerId] = local(e);
  }
  function pair() {
    var ids = Object.keys(pointers);
    return ids.length === 2 ? [pointers[ids[0]], pointers[ids[1]]] : null;
  }
  function move(e) {
    var old = pointers[e.pointerId];
    if (!old) return;
    var before = pair(), q = local(e);
    pointers[e.pointerId] = q;
    var after = pair();
    if (before && after) {  // pinch: zoom around the midpoint, pan with it
      var d0 = Math.hypot(before[0].x - before[1].x, before[0].y - before[1].y);
      var d1 = Math.hypot(after[0].x - after[1].x, after[0].y - after[1].y);
      var mx = (after[0].x + after[1].x) / 2, my = (after[0].y + after[1].y) / 2;
      if (d0 > 0) zoomAt(d1 / d0, mx, my);
      pan((q.x - old.x) / 2, (q.y - old.y) / 2);
    } else if (!before) {
      pan(q.x - old.x, q.y - old.y);
    }
  }
  function up(e) {
    var q = pointers[e.pointerId];
    delete pointers[e.pointerId];
    if (!q || e.type !== "pointerup") return;
    var now = Date.now();
    if (lastTap && now - lastTap.t < 350 && Math.hypot(q.x - lastTap.x, q.y - lastTap.y) < 30) {
      zoomAt(2, q.x, q.y);  // double tap or double click
      lastTap = null;
    } else {
      lastTap = { t: now, x: q.x, y: q.y };
    }
  }

  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("a.zoom-open");
    if (!a || e.ctrlKey || e.metaKey || e.shiftKey || e.button) return;
    e.preventDefault();
    open(Number(a.getAttribute("data-page")) || 0, a);
  });
})();
