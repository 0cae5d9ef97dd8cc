// Filters of an exhibition's items list. Without JavaScript the page is the plain full list;
// with it, the filter form appears and hides the cards that do not match (any chosen value of
// a facet, every facet), with counts of what each further choice would show. The chosen
// filters are kept in the address (?type=letter&century=19): a reload keeps them, a copied
// address shares them, and the language switcher carries them (keys are the same in every
// language).
(function () {
  var form = document.querySelector("[data-filters]");
  var grid = document.querySelector("[data-filtered]");
  var status = document.getElementById("items-count");
  if (!form || !grid) return;
  var cards = Array.prototype.map.call(grid.children, function (li) {
    return { node: li, tokens: (li.getAttribute("data-facets") || "").split(" ") };
  });
  var boxes = Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox]"));

  function wanted() {
    var want = {};
    boxes.forEach(function (box) {
      if (box.checked) (want[box.name] = want[box.name] || []).push(box.name + ":" + box.value);
    });
    return want;
  }

  function matches(card, want, skip) {
    return Object.keys(want).every(function (name) {
      return name === skip || want[name].some(function (t) { return card.tokens.indexOf(t) >= 0; });
    });
  }

  function apply() {
    var want = wanted();
    var shown = 0;
    cards.forEach(function (card) {
      var ok = matches(card, want, null);
      card.node.hidden = !ok;
      if (ok) shown++;
    });
    boxes.forEach(function (box) {
      var token = box.name + ":" + box.value;
      var n = cards.filter(function (card) {
        return card.tokens.indexOf(token) >= 0 && matches(card, want, box.name);
      }).length;
      var count = box.parentNode.querySelector(".facet-count");
      count.textContent = String(n);
      box.parentNode.parentNode.classList.toggle("empty", n === 0 && !box.checked);
    });
    var any = Object.keys(want).length > 0;
    status.textContent = any ? status.getAttribute("data-template")
      .replace("{shown}", shown).replace("{count}", cards.length) : status.getAttribute("data-all");
  }

  // the address: ?facet=key for each ticked box, in the form's order
  function query() {
    var parts = [];
    boxes.forEach(function (box) {
      if (box.checked) parts.push(encodeURIComponent(box.name) + "=" + encodeURIComponent(box.value));
    });
    return parts.length ? "?" + parts.join("&") : "";
  }

  function remember() {
    var q = query();
    try {
      history.replaceState(history.state, "", location.pathname + q + location.hash);
    } catch (e) { /* an address a browser will not change (a file opened from disk) */ }
    document.querySelectorAll(".lang-switch a[href]").forEach(function (a) {
      a.setAttribute("href", a.getAttribute("href").split("?")[0] + q);
    });
  }

  function restore() {
    var wanted = {};
    location.search.replace(/^\?/, "").split("&").forEach(function (pair) {
      if (!pair) return;
      var kv = pair.split("=");
      try {
        wanted[decodeURIComponent(kv[0]) + ":" + decodeURIComponent((kv[1] || "").replace(/\+/g, " "))] = true;
      } catch (e) { /* a malformed part of the address: left out */ }
    });
    boxes.forEach(function (box) { box.checked = !!wanted[box.name + ":" + box.value]; });
  }

  status.setAttribute("data-all", status.textContent);
  form.hidden = false;
  form.querySelectorAll("[data-wide-open]").forEach(function (d) {
    d.open = window.matchMedia("(min-width: 56rem)").matches;
  });
  form.addEventListener("change", function () { apply(); remember(); });
  form.addEventListener("reset", function () { setTimeout(function () { apply(); remember(); }, 0); });
  // a reload or a shared address: the boxes as the address says (a browser restoring the
  // form's own state is overruled, so the page always shows what its address names)
  restore();
  apply();
  if (boxes.some(function (box) { return box.checked; })) {
    form.querySelectorAll("[data-wide-open]").forEach(function (d) { d.open = true; });
    remember();
  }
})();
