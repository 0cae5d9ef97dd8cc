/* Kórme item viewer: one main image with deep zoom over IIIF level-0 tiles, a filmstrip, and an
   address per image. No dependencies, no fetch: the page carries the geometry in
   <script type="application/json" id="viewer-data"> and every image, label and text in its
   HTML (partials/viewer.html), which is what visitors without scripts see. Coordinates are the
   source image's pixels, as in IIIF regions and #xywh= addresses. */
(function () {
  "use strict";
  var root = document.querySelector("[data-viewer]");
  var block = document.getElementById("viewer-data");
  if (!root || !block || !window.ResizeObserver) return;
  var cfg = JSON.parse(block.textContent), pages = cfg.pages, ui = cfg.ui, rtl = cfg.dir === "rtl";
  var els = root.querySelectorAll(".viewer-page"), thumbs = root.querySelectorAll(".filmstrip a");
  var single = root.classList.contains("viewer-single");
  var base = document.baseURI, langs = [], pinned = false;
  var cur = 0, here = 0, view = null, cache = {}, frame = 0, pointers = {}, swipe = null, lastTap = null;
  var canvas, ctx, nav, navInner, navImg, navBox, stage, status, statusTimer;
  var wide = window.matchMedia("(min-width: 60rem)");
  var TALL = 2.5, WIDE = 4;

  function $(s) { return root.querySelector(s); }
  function el(tag, cls) { var e = document.createElement(tag); e.className = cls; return e; }
  function on(sel, fn) {
    var b = $(sel);
    if (b) b.addEventListener("click", fn);
  }
  function fmt(text, values) {
    return text.replace(/\{(\w+)\}/g, function (m, k) { return k in values ? values[k] : m; });
  }

  /* ---- geometry: image coordinates <-> the stage ---------------------------------------- */
  function page() { return pages[cur]; }
  function turned() { return view && view.rot % 2 === 1; }
  function dims() {  // the image's width and height as seen (after rotation)
    var p = page();
    return turned() ? { w: p.h, h: p.w } : { w: p.w, h: p.h };
  }
  function size() {
    return { w: Math.max(1, canvas.clientWidth), h: Math.max(1, canvas.clientHeight) };
  }
  function fitZoom() { var s = size(), d = dims(); return Math.min(s.w / d.w, s.h / d.h); }
  function maxZoom() { var p = page(); return Math.max(fitZoom(), p.src ? 4 * p.sw / p.w : 4); }
  function rest(rot) {  // the opening view: whole, or a long scroll at full width from its start
    var p = page(), s = size(), v = { z: 0, cx: p.w / 2, cy: p.h / 2, rot: rot || 0 };
    view = v;
    var d = dims(), contain = fitZoom();
    // (never above the original's size: a small scan is not blown up)
    if (d.h >= TALL * d.w && s.w / d.w > contain * 1.5) {
      v.z = Math.max(contain, Math.min(s.w / d.w, 1));
      if (v.rot === 0) v.cy = s.h / 2 / v.z;
    } else if (d.w >= WIDE * d.h && s.h / d.h > contain * 1.5) {
      v.z = Math.max(contain, Math.min(s.h / d.h, 1));
      if (v.rot === 0) v.cx = rtl ? p.w - s.w / 2 / v.z : s.w / 2 / v.z;
    } else {
      v.z = contain;
    }
  }
  function half() {  // half the stage in image pixels, along the image's own axes
    var s = size(), z = view.z;
    return turned() ? { x: s.h / 2 / z, y: s.w / 2 / z } : { x: s.w / 2 / z, y: s.h / 2 / z };
  }
  function clamp() {
    var p = page();
    view.z = Math.min(maxZoom(), Math.max(fitZoom(), view.z));
    var hh = half();
    view.cx = p.w <= 2 * hh.x ? p.w / 2 : Math.min(p.w - hh.x, Math.max(hh.x, view.cx));
    view.cy = p.h <= 2 * hh.y ? p.h / 2 : Math.min(p.h - hh.y, Math.max(hh.y, view.cy));
  }
  function toImage(dx, dy) {  // a vector on the stage as a vector in image pixels
    var a = -view.rot * Math.PI / 2, c = Math.round(Math.cos(a)), s = Math.round(Math.sin(a));
    return { x: (dx * c - dy * s) / view.z, y: (dx * s + dy * c) / view.z };
  }
  function region() {  // the visible part of the image: [x, y, w, h]
    var p = page(), hh = half();
    var x0 = Math.max(0, view.cx - hh.x), y0 = Math.max(0, view.cy - hh.y);
    var x1 = Math.min(p.w, view.cx + hh.x), y1 = Math.min(p.h, view.cy + hh.y);
    return [x0, y0, x1 - x0, y1 - y0].map(Math.round);
  }
  function moved() {
    return view && (view.rot !== 0 || view.z > fitZoom() * 1.001);
  }

  function zoomAt(f, px, py) {
    var s = size(), d = toImage(px - s.w / 2, py - s.h / 2);
    var ix = view.cx + d.x, iy = view.cy + d.y;
    view.z *= f;
    clamp();
    d = toImage(px - s.w / 2, py - s.h / 2);
    view.cx = ix - d.x;
    view.cy = iy - d.y;
    clamp();
    schedule();
  }
  function zoomBy(f) { var s = size(); zoomAt(f, s.w / 2, s.h / 2); }
  function pan(dx, dy) {  // by a stage vector; whether the view moved
    var x = view.cx, y = view.cy, d = toImage(dx, dy);
    view.cx -= d.x;
    view.cy -= d.y;
    clamp();
    schedule();
    return Math.abs(view.cx - x) + Math.abs(view.cy - y) > 0.01;
  }
  function rotate() {
    var r = (view.rot + 1) % 4, was = moved() && view.rot === 0 ? view : null;
    rest(r);
    if (was) { view.z = was.z; view.cx = was.cx; view.cy = was.cy; clamp(); }
    schedule();
  }
  function show(r) {  // open the view on a region [x, y, w, h] of the image
    var s = size();
    view = { z: Math.min(s.w / r[2], s.h / r[3]), cx: r[0] + r[2] / 2, cy: r[1] + r[3] / 2, rot: 0 };
    clamp();
    schedule();
  }

  /* ---- drawing --------------------------------------------------------------------------- */
  function tiles(p, s) {  // the same rules as korme/iiif/tiles.py
    var step = p.tile * s, stepY = (p.th || p.tile) * s, out = [];  // (p.th: a partner's
    for (var y = 0; y < p.h; y += stepY) {                           // tiles, not square)
      for (var x = 0; x < p.w; x += step) {
        var w = Math.min(step, p.w - x), h = Math.min(stepY, p.h - y);
        var full = x === 0 && y === 0 && w === p.w && h === p.h;
        var size = full && s === 1 ? (p.v === 2 ? "full" : "max")  // (p.v: a partner's Image API 2)
          : Math.ceil(w / s) + "," + (p.v === 2 ? "" : Math.ceil(h / s));
        out.push({ x: x, y: y, w: w, h: h,
          url: p.base + "/" + (full ? "full" : [x, y, w, h].join(",")) + "/" + size + "/0/default.jpg" });
      }
    }
    return out;
  }
  function load(url) {
    var im = cache[url];
    if (!im) {
      im = cache[url] = new Image();
      im.decoding = "async";
      im.addEventListener("load", schedule);
      im.src = url;
    }
    return im;
  }
  var decoded = new WeakSet(), decoding = new WeakSet();
  function ready(im) {  // loaded and decoded: drawing an image not yet decoded decodes it on
    // the main thread (a long task on a phone), so it is decoded first, off that thread
    if (!im || !im.complete || !(im.naturalWidth > 0)) return false;
    if (decoded.has(im) || !im.decode) return true;
    if (!decoding.has(im)) {
      decoding.add(im);
      im.decode().catch(function () { /* drawn as it is */ }).then(function () {
        decoded.add(im);
        schedule();
      });
    }
    return false;
  }
  function baseImage() { return els[cur].querySelector(".viewer-image img"); }

  function schedule() {
    if (!frame) frame = requestAnimationFrame(function () { frame = 0; draw(); });
  }
  function draw() {
    var p = page(), s = size(), dpr = window.devicePixelRatio || 1, z = view.z;
    if (canvas.width !== Math.round(s.w * dpr) || canvas.height !== Math.round(s.h * dpr)) {
      canvas.width = Math.round(s.w * dpr);
      canvas.height = Math.round(s.h * dpr);
    }
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.translate(s.w / 2, s.h / 2);
    ctx.rotate(view.rot * Math.PI / 2);
    ctx.scale(z, z);
    ctx.translate(-view.cx, -view.cy);
    ctx.imageSmoothingQuality = "high";
    var hh = half(), left = view.cx - hh.x, top = view.cy - hh.y, right = view.cx + hh.x, bottom = view.cy + hh.y;
    var img = baseImage(), have = 0;  // the page's own picture is the coarsest level
    if (ready(img)) {
      ctx.drawImage(img, 0, 0, p.w, p.h);
      have = img.naturalWidth / p.w;
    }
    // (its picture is coming, or being decoded: unless it failed, tiles wait for it)
    var need = z * dpr, waiting = !have && img && !moved() && !(img.complete && !img.naturalWidth);
    if (need > have * 1.05 && !waiting) {
      if (p.src) {
        var big = load(p.src);
        if (ready(big)) ctx.drawImage(big, 0, 0, p.w, p.h);
      } else {
        var list = p.scales, want = list.length - 1;
        while (want > 0 && list[want] > 1 / need) want--;
        for (var i = list.length - 1; i >= want; i--) {  // coarse to fine, what is loaded
          if (1 / list[i] <= have) continue;
          var ts = tiles(p, list[i]);
          for (var k = 0; k < ts.length; k++) {
            var t = ts[k];
            if (t.x > right || t.y > bottom || t.x + t.w < left || t.y + t.h < top) continue;
            var im = i === want ? load(t.url) : cache[t.url];
            if (ready(im)) ctx.drawImage(im, t.x, t.y, t.w, t.h);
          }
        }
      }
    }
    var m = moved(), level = $(".viewer-level");
    root.classList.toggle("is-moved", m);
    canvas.style.touchAction = m ? "none" : "pan-y";  // at rest, the page scrolls on phones
    canvas.setAttribute("data-region", region().join(","));
    level.textContent = Math.round(z * 100) + " %";
    level.title = fmt(ui.zoom_level, { level: level.textContent });
    navigator_();
  }

  /* ---- the navigator (mini-map), shown while zoomed --------------------------------------- */
  function navigator_() {
    var zoomed = view.z > fitZoom() * 1.001, img = baseImage();
    nav.hidden = !zoomed || !ready(img);
    if (nav.hidden) return;
    if (!navImg) {  // made on first use: the page holds no empty image until then
      navImg = el("img", "");
      navImg.alt = "";
      navInner.prepend(navImg);
    }
    if (navImg.src !== img.currentSrc) navImg.src = img.currentSrc;
    var p = page(), box = 112, f = Math.min(box / p.w, box / p.h), w = p.w * f, h = p.h * f;
    var t = turned();
    nav.style.width = (t ? h : w) + "px";
    nav.style.height = (t ? w : h) + "px";
    navInner.style.width = w + "px";
    navInner.style.height = h + "px";
    navInner.style.transform = "translate(-50%, -50%) rotate(" + view.rot * 90 + "deg)";
    var r = region();
    navBox.style.left = r[0] * f + "px";
    navBox.style.top = r[1] * f + "px";
    navBox.style.width = r[2] * f + "px";
    navBox.style.height = r[3] * f + "px";
  }
  function navTo(e) {
    var b = nav.getBoundingClientRect(), p = page();
    var dx = e.clientX - b.left - b.width / 2, dy = e.clientY - b.top - b.height / 2;
    var a = -view.rot * Math.PI / 2, c = Math.round(Math.cos(a)), s = Math.round(Math.sin(a));
    var w = parseFloat(navInner.style.width), h = parseFloat(navInner.style.height);
    view.cx = ((dx * c - dy * s) / w + 0.5) * p.w;
    view.cy = ((dx * s + dy * c) / h + 0.5) * p.h;
    clamp();
    schedule();
  }

  /* ---- the stage: where the canvas lies over the current image ---------------------------- */
  function place() {
    var box = els[cur].querySelector(".viewer-image"), host = $(".viewer-pages");
    if (!box) return;
    var a = box.getBoundingClientRect(), b = host.getBoundingClientRect();
    canvas.style.left = a.left - b.left + "px";
    canvas.style.top = a.top - b.top + "px";
    canvas.style.width = a.width + "px";
    canvas.style.height = a.height + "px";
    nav.style.bottom = b.bottom - a.bottom + 8 + "px";
    nav.style.right = b.right - a.right + 8 + "px";
  }
  function resized() {
    place();
    if (!view) return;
    if (moved()) clamp(); else rest(view.rot);
    schedule();
  }

  /* ---- pages and addresses ---------------------------------------------------------------- */
  function abs(v) {  // a relative URL of the page as it was loaded, made absolute
    return v && v.charAt(0) !== "#" && !/^[a-z][a-z0-9+.-]*:/i.test(v) ? new URL(v, base).href : v;
  }
  function pin() {  // keep relative URLs pointing where they did once the address changes
    if (pinned) return;
    pinned = true;
    var attrs = { A: "href", FORM: "action", LINK: "href", IMG: "src" };
    document.querySelectorAll("a[href], form[action], link[rel~=icon], img[src]").forEach(function (e) {
      var a = attrs[e.tagName], v = e.getAttribute(a);
      if (abs(v) !== v) e.setAttribute(a, abs(v));
    });
    document.querySelectorAll("[srcset]").forEach(function (e) {
      e.setAttribute("srcset", e.getAttribute("srcset").split(",").map(function (c) {
        var t = c.trim().split(/\s+/);
        t[0] = abs(t[0]);
        return t.join(" ");
      }).join(", "));
    });
  }
  function address(p) {
    pin();
    try {
      history.replaceState({ viewer: cur }, "", new URL(p.href, base).href);
    } catch (e) { /* file:// in some browsers: the address stays */ }
    document.title = p.title;
    langs.forEach(function (l) { l.a.href = new URL(p.href, l.item).href; });
    document.querySelectorAll("a.compare-with").forEach(function (a) {  // from the image shown
      var u = new URL(a.href), item = (u.searchParams.get("a") || "").split("/")[0];
      if (item && p.slug) { u.searchParams.set("a", item + "/" + p.slug); a.href = u.href; }
    });
  }

  function go(n, quiet) {
    if (n < 0 || n >= pages.length || (n === cur && view)) return;
    cur = n;
    var p = page(), el = els[n];
    els.forEach(function (e, i) { e.classList.toggle("is-current", i === n); });
    if (!single) {  // (an image's page has one image: its filmstrip leads to the others)
      here = n;
      thumbs.forEach(function (a, i) {
        if (i === n) a.setAttribute("aria-current", pinned || !quiet ? "page" : "true");
        else a.removeAttribute("aria-current");
        a.tabIndex = i === n ? 0 : -1;
      });
      var label = el.querySelector("figcaption .label"), text = label ? label.textContent : "";
      document.querySelectorAll("[data-viewer-label]").forEach(function (e) { e.textContent = text; });
      $(".viewer-label").textContent = text;
      $(".viewer-count").textContent = fmt(ui.page, { n: n + 1, total: pages.length });
      var prev = $(".viewer-prev"), next = $(".viewer-next");
      if (prev) { prev.disabled = n === 0; next.disabled = n === pages.length - 1; }
    }
    var th = thumbs[here];
    if (th) {  // scroll the filmstrip, never the page
      var ol = th.closest("ol"), r = th.getBoundingClientRect(), o = ol.getBoundingClientRect();
      if (r.left < o.left) ol.scrollLeft -= o.left - r.left + 16;
      else if (r.right > o.right) ol.scrollLeft += r.right - o.right + 16;
    }
    var img = baseImage();
    canvas.setAttribute("aria-label", img ? img.alt : "");
    if (img && !ready(img)) { img.loading = "eager"; img.addEventListener("load", schedule, { once: true }); }
    texts(el);
    if (!quiet) address(p);
    place();
    rest(0);
    observer.disconnect();
    var box = el.querySelector(".viewer-image");
    if (box) observer.observe(box);
    schedule();
  }
  function step(d) { if (single) leave(here + d); else go(cur + d); }
  function jump(n) { if (single) leave(n); else go(n); }
  function leave(n) {  // an image's page: the other images are pages of their own
    var a = thumbs[n];
    if (!a || n === here) return;
    var f = document.activeElement, kind = f === canvas ? "canvas" : f && f.closest(".filmstrip")
      ? "strip" : f && f.classList.contains("viewer-btn") ? f.className : "";
    try { sessionStorage.setItem("korme-viewer-focus", kind); } catch (e) { /* private mode */ }
    location.replace(a.href);  // like the item page's paging: no step in the history
  }
  function refocus() {  // where the keyboard was on the page before
    var kind = null;
    try {
      kind = sessionStorage.getItem("korme-viewer-focus");
      sessionStorage.removeItem("korme-viewer-focus");
    } catch (e) { return; }
    var e = kind === "canvas" ? canvas : kind === "strip" ? thumbs[here]
      : kind ? root.querySelector("." + kind.split(" ").join(".")) : null;
    if (e && e.disabled) e = canvas;
    if (e) e.focus({ preventScroll: true });
  }
  function texts(el) {  // beside the image on wide screens: open
    if (!wide.matches) return;
    el.querySelectorAll("details.page-texts").forEach(function (d) { d.open = true; });
  }

  /* ---- input ------------------------------------------------------------------------------ */
  function key(e) {
    var k = e.key, s = 80;
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if (k === "+" || k === "=") zoomBy(1.5);
    else if (k === "-" || k === "_") zoomBy(1 / 1.5);
    else if (k === "0") { rest(0); schedule(); }
    else if (k === "r" || k === "R") rotate();
    else if (k === "f" || k === "F") fullscreen();
    else if (k === "PageDown") step(1);
    else if (k === "PageUp") step(-1);
    else if (k === "Home") jump(0);
    else if (k === "End") jump(single ? thumbs.length - 1 : pages.length - 1);
    else if (k === "ArrowLeft" || k === "ArrowRight") {
      var back = k === "ArrowLeft" ? 1 : -1;
      if (!pan(back * s, 0)) step(rtl ? back : -back);
    } else if (k === "ArrowUp") pan(0, s);
    else if (k === "ArrowDown") pan(0, -s);
    else return;
    e.preventDefault();
  }
  function stripKey(e) {
    var i = Array.prototype.indexOf.call(thumbs, e.target), k = e.key, n = -1;
    if (i < 0) return;
    if (k === "ArrowRight" || k === "ArrowLeft") n = i + ((k === "ArrowRight") !== rtl ? 1 : -1);
    else if (k === "Home") n = 0;
    else if (k === "End") n = thumbs.length - 1;
    if (n < 0 || n >= thumbs.length) return;
    e.preventDefault();
    if (single) {  // roving focus only: Enter opens the image's page
      thumbs.forEach(function (a, j) { a.tabIndex = j === n ? 0 : -1; });
    } else {
      go(n);
    }
    thumbs[n].focus();
  }
  function local(e) {
    var r = canvas.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  }
  function wheel(e) {
    var q = local(e), d = e.deltaMode === 1 ? 16 : 1;
    if (e.ctrlKey || document.fullscreenElement === root) {
      e.preventDefault();
      zoomAt(Math.exp(-e.deltaY * d * 0.0015), q.x, q.y);
    } else if (moved() && pan(-e.deltaX * d, -e.deltaY * d)) {
      e.preventDefault();  // the image scrolls while it can; then the page does
    }
  }
  function down(e) {
    if (e.button) return;
    canvas.setPointerCapture(e.pointerId);
    pointers[e.pointerId] = local(e);
    var ids = Object.keys(pointers);
    swipe = ids.length === 1 && !moved() ? { x: pointers[ids[0]].x, y: pointers[ids[0]].y } : null;
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
    if (before && after) {  // pinch: zoom around the midpoint
      var d0 = Math.hypot(before[0].x - before[1].x, before[0].y - before[1].y);
      var d1 = Math.hypot(after[0].x - after[1].x, after[0].y - after[1].y);
      if (d0 > 0) zoomAt(d1 / d0, (after[0].x + after[1].x) / 2, (after[0].y + after[1].y) / 2);
      swipe = null;
    } else if (!before && !swipe) {
      pan(q.x - old.x, q.y - old.y);
    }
  }
  function up(e) {
    var q = pointers[e.pointerId];
    delete pointers[e.pointerId];
    if (!q || e.type !== "pointerup") { swipe = null; return; }
    if (swipe) {
      var dx = q.x - swipe.x, dy = q.y - swipe.y;
      swipe = null;
      if (Math.abs(dx) > 40 && Math.abs(dx) > 1.5 * Math.abs(dy)) {  // a swipe turns the page
        step((dx < 0) !== rtl ? 1 : -1);
        lastTap = null;
        return;
      }
    }
    var now = Date.now();
    if (lastTap && now - lastTap.t < 350 && Math.hypot(q.x - lastTap.x, q.y - lastTap.y) < 30) {
      zoomAt(2, q.x, q.y);  // double tap or double click
      lastTap = null;
    } else {
      lastTap = { t: now, x: q.x, y: q.y };
    }
  }

  function fullscreen() {
    if (document.fullscreenElement) document.exitFullscreen().catch(function () {});
    else if (root.requestFullscreen) root.requestFullscreen().catch(function () {});
  }
  function say(text) {
    clearTimeout(statusTimer);
    status.textContent = text;
    statusTimer = setTimeout(function () { status.textContent = ""; }, 6000);
  }
  function share() {
    var url = new URL(page().href, base).href;
    if (view.z > fitZoom() * 1.001) url += "#xywh=" + region().join(",");
    var done = function () { say(fmt(ui.copied, { url: url })); };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(url).then(done, function () { say(url); });
    } else {
      say(url);
    }
  }
  function fragment() {  // #xywh=x,y,w,h (pixels, or percent:) as in IIIF and media fragments
    var m = /xywh=(?:(pixel|percent|pct):)?([\d.]+),([\d.]+),([\d.]+),([\d.]+)/.exec(location.hash);
    if (!m) return null;
    var r = m.slice(2).map(Number), p = page();
    if (m[1] === "percent" || m[1] === "pct") r = [r[0] * p.w / 100, r[1] * p.h / 100, r[2] * p.w / 100, r[3] * p.h / 100];
    return r[2] > 0 && r[3] > 0 ? r : null;
  }

  /* ---- start ------------------------------------------------------------------------------ */
  var observer = new ResizeObserver(resized);
  function start() {
    pages.forEach(function (p) {  // the data's links, absolute: the address will change
      if (p.src) p.src = abs(p.src);
      if (p.base) p.base = abs(p.base);
    });
    els.forEach(function (e, i) { if (e.classList.contains("is-current")) cur = i; });
    thumbs.forEach(function (a, i) {
      if (a.hasAttribute("aria-current")) here = i;
      a.tabIndex = a.hasAttribute("aria-current") ? 0 : -1;
    });
    var hash = /^#image-(\d+)$/.exec(location.hash);
    if (hash) pages.forEach(function (p, i) { if (p.n === Number(hash[1])) cur = i; });
    stage = $(".viewer-pages");
    canvas = el("canvas", "viewer-canvas");
    canvas.tabIndex = 0;
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-describedby", "viewer-help");
    ctx = canvas.getContext("2d");
    nav = el("div", "viewer-nav");
    nav.setAttribute("aria-hidden", "true");
    navInner = el("div", "viewer-nav-inner");
    navBox = el("div", "viewer-nav-box");
    navInner.append(navBox);
    nav.append(navInner);
    nav.hidden = true;
    stage.prepend(canvas, nav);
    status = $(".viewer-status");
    status.classList.remove("visually-hidden");
    root.querySelectorAll(".viewer-image").forEach(function (a) { a.tabIndex = -1; });
    document.querySelectorAll(".lang-switch a[hreflang]").forEach(function (a) {
      langs.push({ a: a, item: new URL("./", a.href).href });
    });
    root.classList.add("is-live");

    on(".viewer-prev", function () { step(-1); });
    on(".viewer-next", function () { step(1); });
    on(".viewer-in", function () { zoomBy(1.5); });
    on(".viewer-out", function () { zoomBy(1 / 1.5); });
    on(".viewer-fit", function () { rest(0); schedule(); });
    on(".viewer-rotate", rotate);
    on(".viewer-full", fullscreen);
    on(".viewer-share", share);
    canvas.addEventListener("keydown", key);
    canvas.addEventListener("wheel", wheel, { passive: false });
    canvas.addEventListener("pointerdown", down);
    canvas.addEventListener("pointermove", move);
    canvas.addEventListener("pointerup", up);
    canvas.addEventListener("pointercancel", up);
    nav.addEventListener("pointerdown", function (e) {
      nav.setPointerCapture(e.pointerId);
      navTo(e);
      canvas.focus({ preventScroll: true });  // the keys go on working the image
      e.preventDefault();
    });
    nav.addEventListener("pointermove", function (e) { if (e.buttons) navTo(e); });
    thumbs.forEach(function (a, i) {
      a.addEventListener("click", function (e) {
        if (e.button || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        jump(i);
      });
      a.addEventListener("keydown", stripKey);
    });
    document.addEventListener("fullscreenchange", function () {
      var b = $(".viewer-full");
      if (b) b.setAttribute("aria-pressed", String(document.fullscreenElement === root));
    });
    wide.addEventListener("change", function () { texts(els[cur]); });

    var n = cur;
    cur = -1;
    go(n, true);
    var r = fragment();
    if (r) show(r);
    refocus();
  }
  start();
})();
