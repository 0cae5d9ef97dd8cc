/* Kórme stories: a sticky image that moves to each step's region as the step arrives.
   Without this script (and in print) a story is an article where each step shows the still
   crop of its region above its text (partials/story.html). Regions are pixels of the image,
   as in IIIF regions and #xywh= addresses. The visitor can leave the path ("explore freely":
   drag, wheel, + and -) and come back to the step; Page Down and Page Up go from step to step. */
(function () {
  "use strict";
  var root = document.querySelector("[data-story]");
  if (!root || !window.IntersectionObserver || !window.ResizeObserver) return;
  var stage = root.querySelector(".story-stage"), layers = root.querySelectorAll(".story-layer");
  var steps = Array.prototype.slice.call(root.querySelectorAll(".story-step"));
  var status = root.querySelector(".story-status"), ds = root.dataset;
  var reduced = window.matchMedia("(prefers-reduced-motion: reduce)");
  var phone = window.matchMedia("(max-width: 59.99rem)");
  var cur = -1, view = null, exploring = false, crop = null, tools, openLink, drag = null;
  if (!steps.length) return;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    e.className = cls;
    if (text) e.textContent = text;
    return e;
  }
  function nums(s) { return s.split(",").map(Number); }
  function box() { return { w: Math.max(1, stage.clientWidth), h: Math.max(1, stage.clientHeight) }; }
  function dims(i) { var l = layers[i]; return { w: +l.dataset.w, h: +l.dataset.h }; }
  function base(i) { var s = box(), d = dims(i); return Math.min(s.w / d.w, s.h / d.h); }

  /* the view: image i, zoom z over the fitted size, the image point (cx, cy) at the centre of
     the focus area: the whole stage, or on phones its upper part (the cards pass below) */
  function area() {
    var s = box();
    return { w: s.w, h: !exploring && phone.matches ? s.h * 0.58 : s.h };
  }
  function fit(i, r) {
    var a = area(), b = base(i);
    return { i: i, z: Math.min(a.w / (r[2] * b), a.h / (r[3] * b)), cx: r[0] + r[2] / 2, cy: r[1] + r[3] / 2 };
  }
  function visible() {  // the part of the image in the focus area: [x, y, w, h] in its pixels
    var a = area(), k = view.z * base(view.i);
    return [view.cx - a.w / 2 / k, view.cy - a.h / 2 / k, a.w / k, a.h / k].map(Math.round);
  }
  function draw() {
    var a = area(), b = base(view.i), k = view.z * b, d = dims(view.i);
    layers.forEach(function (l, i) {
      l.classList.toggle("is-current", i === view.i);
      if (i !== view.i) return;
      l.style.width = d.w * b + "px";
      l.style.height = d.h * b + "px";
      l.style.transform = "translate(" + (a.w / 2 - k * view.cx) + "px," + (a.h / 2 - k * view.cy) +
        "px) scale(" + view.z + ")";
    });
    stage.setAttribute("data-view", visible().join(","));
    stage.setAttribute("data-image", String(view.i));
    if (crop && crop.parentNode !== layers[view.i]) crop.remove();
  }
  function overlay(step) {  // the still crop, sharper than the stage's picture, over its region
    if (crop) crop.remove();
    crop = null;
    var src = step.dataset.crop, i = +step.dataset.image;
    if (!src) return;
    var r = nums(step.dataset.region), b = base(i);
    crop = el("img", "story-crop");
    crop.alt = "";
    crop.src = src;
    crop.style.left = r[0] * b + "px";
    crop.style.top = r[1] * b + "px";
    crop.style.width = r[2] * b + "px";
    crop.style.height = r[3] * b + "px";
    layers[i].append(crop);
  }
  function go(n, how) {  // how: "cut" (no move), "key" (announced) or undefined (scrolling)
    if (n < 0 || n >= steps.length || exploring) return;
    var step = steps[n];
    var i = +step.dataset.image, same = cur >= 0 && view && view.i === i;
    cur = n;
    steps.forEach(function (s, k) { s.classList.toggle("is-current", k === n); });
    root.classList.toggle("is-cut", how === "cut" || !same);  // another image: no move
    view = fit(i, nums(step.dataset.region));
    draw();
    overlay(step);
    openLink.href = layers[i].dataset.href + "#xywh=" + step.dataset.region;
    if (how === "key") {
      var t = step.querySelector(".story-step-title");
      status.textContent = t ? t.textContent : "";
    }
  }

  /* keyboard: Page Down and Page Up go to the next and previous step */
  function key(e) {
    if (exploring || e.altKey || e.ctrlKey || e.metaKey) return;
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    var d = e.key === "PageDown" ? 1 : e.key === "PageUp" ? -1 : 0;
    if (!d || cur < 0) return;
    var r = root.getBoundingClientRect();
    if (r.bottom < 0 || r.top > window.innerHeight) return;
    var n = cur + d;
    if (n < 0 || n >= steps.length) return;
    e.preventDefault();
    steps[n].scrollIntoView({ block: "center", behavior: reduced.matches ? "auto" : "smooth" });
    steps[n].focus({ preventScroll: true });
    go(n, "key");
  }

  /* exploring freely: drag, wheel and buttons move the image; Back returns to the step */
  function explore(on) {
    exploring = on;
    root.classList.toggle("is-exploring", on);
    document.documentElement.classList.toggle("story-exploring", on);
    tools.explore.hidden = on;
    tools.back.hidden = tools.zin.hidden = tools.zout.hidden = !on;
    if (on) {
      root.classList.add("is-cut");
      requestAnimationFrame(function () { view = fit(view.i, nums(steps[cur].dataset.region)); draw(); });
      tools.back.focus();
    } else {
      var n = cur;
      cur = -1;
      requestAnimationFrame(function () {
        go(n, "cut");
        steps[n].scrollIntoView({ block: "center" });
        steps[n].focus({ preventScroll: true });
      });
    }
  }
  function zoom(f, px, py) {
    var s = area(), k = view.z * base(view.i);
    var ix = view.cx + (px - s.w / 2) / k, iy = view.cy + (py - s.h / 2) / k;
    view.z = Math.max(0.5, Math.min(64, view.z * f));
    k = view.z * base(view.i);
    view.cx = ix - (px - s.w / 2) / k;
    view.cy = iy - (py - s.h / 2) / k;
    draw();
  }
  function pan(dx, dy) {
    var k = view.z * base(view.i);
    view.cx -= dx / k;
    view.cy -= dy / k;
    draw();
  }
  function tool(cls, label, fn) {
    var b = el("button", "story-btn " + cls, label);
    b.type = "button";
    b.addEventListener("click", fn);
    tools.bar.append(b);
    return b;
  }
  function setup() {
    tools = { bar: el("div", "story-tools") };
    tools.explore = tool("story-explore", ds.labelExplore, function () { explore(true); });
    tools.back = tool("story-back", ds.labelBack, function () { explore(false); });
    tools.zout = tool("story-out", "−", function () { var s = box(); zoom(1 / 1.5, s.w / 2, s.h / 2); });
    tools.zin = tool("story-in", "+", function () { var s = box(); zoom(1.5, s.w / 2, s.h / 2); });
    tools.zout.setAttribute("aria-label", ds.labelZoomOut);
    tools.zin.setAttribute("aria-label", ds.labelZoomIn);
    tools.back.hidden = tools.zin.hidden = tools.zout.hidden = true;
    openLink = el("a", "story-open", ds.labelOpen);
    tools.bar.append(openLink);
    stage.append(tools.bar);
    stage.setAttribute("aria-label", ds.labelStage);
    stage.setAttribute("role", "region");
    stage.addEventListener("pointerdown", function (e) {
      if (!exploring || e.button || e.target.closest(".story-tools")) return;
      drag = { x: e.clientX, y: e.clientY };
      stage.setPointerCapture(e.pointerId);
    });
    stage.addEventListener("pointermove", function (e) {
      if (!drag) return;
      pan(e.clientX - drag.x, e.clientY - drag.y);
      drag = { x: e.clientX, y: e.clientY };
    });
    stage.addEventListener("pointerup", function () { drag = null; });
    stage.addEventListener("wheel", function (e) {
      if (!exploring) return;
      e.preventDefault();
      var r = stage.getBoundingClientRect();
      zoom(Math.exp(-e.deltaY * 0.0015), e.clientX - r.left, e.clientY - r.top);
    }, { passive: false });
    stage.addEventListener("keydown", function (e) {
      if (!exploring) return;
      var k = e.key, s = box();
      if (k === "Escape") explore(false);
      else if (k === "+" || k === "=") zoom(1.5, s.w / 2, s.h / 2);
      else if (k === "-") zoom(1 / 1.5, s.w / 2, s.h / 2);
      else if (k === "ArrowLeft") pan(60, 0);
      else if (k === "ArrowRight") pan(-60, 0);
      else if (k === "ArrowUp") pan(0, 60);
      else if (k === "ArrowDown") pan(0, -60);
      else return;
      e.preventDefault();
    });
  }

  function start() {
    setup();
    stage.hidden = false;
    root.classList.add("is-live");
    var hash = /^#step-(\d+)$/.exec(location.hash), first = 0;
    if (hash) first = Math.max(0, Math.min(steps.length - 1, Number(hash[1]) - 1));
    go(first, "cut");
    if (hash) {
      steps[first].scrollIntoView({ block: "center" });
      steps[first].focus({ preventScroll: true });
    }
    var io = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) {
        if (e.isIntersecting) go(steps.indexOf(e.target));
      });
    }, { rootMargin: "-45% 0px -45% 0px" });
    steps.forEach(function (s, i) {
      io.observe(s);
      s.addEventListener("focusin", function () { if (i !== cur) go(i, "key"); });  // Tab
    });
    new ResizeObserver(function () {
      if (!view) return;
      root.classList.add("is-cut");
      if (exploring) draw(); else if (cur >= 0) { view = fit(view.i, nums(steps[cur].dataset.region)); draw(); overlay(steps[cur]); }
    }).observe(stage);
    document.addEventListener("keydown", key);
    window.addEventListener("hashchange", function () {
      var m = /^#step-(\d+)$/.exec(location.hash);
      if (m) go(Number(m[1]) - 1, "cut");
    });
  }
  start();
})();
