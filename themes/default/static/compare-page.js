/* Kórme compare page: the address names two images (?a=item/page&b=item/page); they are laid
   side by side as a comparison figure (compare.js), restored on reload or from a shared link.
   Images are chosen by title or label in the form's two fields (a datalist); choosing one
   puts it in the address. */
(function () {
  "use strict";
  var root = document.querySelector("[data-compare-page]");
  var block = document.getElementById("compare-data");
  if (!root || !block) return;
  var images = JSON.parse(block.textContent), byKey = {};
  images.forEach(function (m) { byKey[m.k] = m; });
  var form = root.querySelector(".compare-form"), out = root.querySelector(".compare-result");
  var ds = root.dataset;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }
  function shown(m) { return m.t + " · " + m.l; }  // what the fields show of an image
  function find(text) {  // a key, or the label of one ("Title · f. 1v")
    if (byKey[text]) return byKey[text];
    var t = text.trim().toLowerCase();
    return images.filter(function (m) { return (m.t + " · " + m.l).toLowerCase() === t; })[0] || null;
  }
  function pane(m, which) {
    var p = el("div", "compare-pane");
    p.dataset.w = m.w;
    p.dataset.h = m.hh;
    var a = el("a", "compare-image");
    a.href = m.h;
    var img = el("img");
    img.src = m.src;
    img.srcset = m.set;
    img.sizes = "(min-width: 72rem) 34rem, 50vw";
    img.width = m.w;
    img.height = m.hh;
    img.alt = m.alt;
    a.append(img);
    var label = el("p", "compare-label");
    label.append(el("span", "visually-hidden", which + ": "));
    var l1 = el("a", "", m.l);
    l1.href = m.h;
    var l2 = el("a", "", m.t);
    l2.href = m.i;
    label.append(l1, " · ", l2);
    p.append(a, label);
    return p;
  }
  function show(a, b) {
    out.textContent = "";
    if (!a || !b) return;
    var fig = el("figure", "compare");
    fig.setAttribute("data-compare", "");
    ["linked", "zoomIn", "zoomOut", "reset"].forEach(function (k) {
      var name = "label" + k.charAt(0).toUpperCase() + k.slice(1);
      fig.dataset[name] = ds[name];
    });
    var panes = el("div", "compare-panes");
    panes.append(pane(a, ds.labelA), pane(b, ds.labelB));
    fig.append(panes);
    out.append(fig);
    if (window.KormeCompare) window.KormeCompare(fig);
  }
  function fromAddress() {
    var q = new URLSearchParams(location.search), a = q.get("a") || "", b = q.get("b") || "";
    form.elements.a.value = byKey[a] ? shown(byKey[a]) : a;  // its title and label, not its key
    form.elements.b.value = byKey[b] ? shown(byKey[b]) : b;
    show(byKey[a], byKey[b]);
  }
  form.addEventListener("submit", function (e) {
    var a = find(form.elements.a.value), b = find(form.elements.b.value);
    if (!a || !b) return;  // the browser submits what was typed: the page says nothing is found
    e.preventDefault();
    form.elements.a.value = shown(a);
    form.elements.b.value = shown(b);
    var url = new URL(location.href);
    url.search = "?a=" + encodeURIComponent(a.k).replace(/%2F/g, "/") + "&b=" + encodeURIComponent(b.k).replace(/%2F/g, "/");
    try {
      history.pushState(null, "", url.href);
    } catch (err) { /* file:// in some browsers: the address stays */ }
    show(a, b);
  });
  window.addEventListener("popstate", fromAddress);
  fromAddress();
})();
