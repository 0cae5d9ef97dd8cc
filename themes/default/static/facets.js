// Filters of an exhibition's items list. Without JavaScript the page is the plain full list;
// with it, the filter form appears and hides the cards that do not match (any chosen value of
// a facet, every facet), with counts of what each further choice would show.
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

  status.setAttribute("data-all", status.textContent);
  form.hidden = false;
  form.querySelectorAll("[data-wide-open]").forEach(function (d) {
    d.open = window.matchMedia("(min-width: 56rem)").matches;
  });
  form.addEventListener("change", apply);
  form.addEventListener("reset", function () { setTimeout(apply, 0); });
})();
