// The citation panel's style switcher and the copy buttons of the citation and re-use panels.
// Without scripts the page language's style is shown alone and nothing here is needed.
(function () {
  var KEY = "korme-cite-style";

  function remembered() {
    try { return window.localStorage.getItem(KEY); } catch (e) { return null; }
  }

  function remember(style) {
    try { window.localStorage.setItem(KEY, style); } catch (e) { /* private mode */ }
  }

  function choose(panel, style) {
    var entries = panel.querySelectorAll(".cite-entry");
    var found = false;
    for (var i = 0; i < entries.length; i++) {
      if (entries[i].getAttribute("data-style") === style) { found = true; }
    }
    if (!found) { return; }
    for (var j = 0; j < entries.length; j++) {
      entries[j].hidden = entries[j].getAttribute("data-style") !== style;
    }
    var buttons = panel.querySelectorAll(".cite-style");
    for (var k = 0; k < buttons.length; k++) {
      buttons[k].setAttribute("aria-pressed", String(buttons[k].getAttribute("data-style") === style));
    }
  }

  // the text as written, without the isolates around right-to-left titles
  function visibleText(panel) {
    var texts = panel.querySelectorAll("[data-copy]");
    for (var i = 0; i < texts.length; i++) {
      if (!texts[i].closest("[hidden]")) {
        return texts[i].textContent.replace(/[\u2066-\u2069]/g, "").replace(/\s+/g, " ").trim();
      }
    }
    return "";
  }

  function copy(text, done) {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { fallback(text, done); });
    } else {
      fallback(text, done);
    }
  }

  function fallback(text, done) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    try { if (document.execCommand("copy")) { done(); } } catch (e) { /* not allowed */ }
    document.body.removeChild(area);
  }

  var panels = document.querySelectorAll("[data-cite]");
  for (var i = 0; i < panels.length; i++) {
    (function (panel) {
      var switcher = panel.querySelector("[data-cite-switch]");
      if (switcher) {
        switcher.hidden = false;
        switcher.addEventListener("click", function (event) {
          var button = event.target.closest(".cite-style");
          if (!button) { return; }
          var style = button.getAttribute("data-style");
          choose(panel, style);
          remember(style);
        });
        var kept = remembered();
        if (kept) { choose(panel, kept); }
      }
      var button = panel.querySelector("[data-cite-copy]");
      var status = panel.querySelector(".cite-status");
      if (button) {
        button.hidden = false;
        button.addEventListener("click", function () {
          var text = visibleText(panel);
          if (!text) { return; }
          copy(text, function () {
            if (status) { status.textContent = panel.getAttribute("data-copied") || ""; }
            button.setAttribute("data-copied", "true");
          });
        });
      }
    })(panels[i]);
  }
})();
