// The citation panel's style switcher and the copy buttons of the citation and re-use panels;
// the date of access set to the visitor's today, in the page and in the citation files.
// Without scripts the page language's style is shown alone, with the build's date.
(function () {
  var KEY = "korme-cite-style";

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function isoDay(day) {
    return day.getFullYear() + "-" + pad(day.getMonth() + 1) + "-" + pad(day.getDate());
  }

  // a date written as the style writes it (data-format, data-months: korme.cite.accessed)
  function written(el, day) {
    var months = (el.getAttribute("data-months") || "").split("|");
    var parts = {
      d: String(day.getDate()), dd: pad(day.getDate()), m: String(day.getMonth() + 1),
      mm: pad(day.getMonth() + 1), M: months[day.getMonth()] || "", y: String(day.getFullYear())
    };
    return el.getAttribute("data-format").replace(/\{(dd|d|mm|m|M|y)\}/g, function (all, key) {
      return parts[key];
    });
  }

  // the date of access is the day the reader consults the page: today, not the build's day
  function today(day) {
    var iso = isoDay(day);
    var dates = document.querySelectorAll("time.cite-accessed[data-format]");
    for (var i = 0; i < dates.length; i++) {
      if (dates[i].getAttribute("datetime") !== iso) {
        dates[i].textContent = written(dates[i], day);
        dates[i].setAttribute("datetime", iso);
      }
    }
  }

  // a citation file with today's date of access (BibTeX urldate, RIS Y2, CSL-JSON accessed)
  function redated(text, day) {
    var y = String(day.getFullYear()), m = pad(day.getMonth() + 1), d = pad(day.getDate());
    return text
      .replace(/(urldate = \{)\d{4}-\d{2}-\d{2}\}/g, "$1" + y + "-" + m + "-" + d + "}")
      .replace(/^(Y2 {2}- )\d{4}\/\d{2}\/\d{2}/gm, "$1" + y + "/" + m + "/" + d)
      .replace(/("accessed": \{\s*"date-parts": \[\s*\[\s*)\d+(,\s*)\d+(,\s*)\d+/g,
        "$1" + y + "$2" + (day.getMonth() + 1) + "$3" + day.getDate());
  }

  function fileLinks(day) {
    var links = document.querySelectorAll(".cite-files a[download]");
    for (var i = 0; i < links.length; i++) {
      links[i].addEventListener("click", function (event) {
        var link = event.currentTarget;
        if (!window.fetch || !window.Blob || !window.URL) { return; }
        event.preventDefault();
        var name = link.getAttribute("href").split("/").pop();
        window.fetch(link.href).then(function (response) {
          if (!response.ok) { throw new Error(String(response.status)); }
          return response.text();
        }).then(function (text) {
          var blob = new Blob([redated(text, day)], {type: "text/plain;charset=utf-8"});
          var temp = document.createElement("a");
          temp.href = URL.createObjectURL(blob);
          temp.download = name;
          document.body.appendChild(temp);
          temp.click();
          document.body.removeChild(temp);
          setTimeout(function () { URL.revokeObjectURL(temp.href); }, 1000);
        }, function () { window.location.href = link.href; });
      });
    }
  }

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

  var now = new Date();
  today(now);
  fileLinks(now);

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
