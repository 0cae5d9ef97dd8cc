// Sends a visitor of the site's root to their browser's language when it is published,
// otherwise to the default language. Loaded only by the root index page.
(function () {
  var html = document.documentElement;
  var langs = (html.getAttribute("data-langs") || "").split(" ");
  var wanted = navigator.languages || [navigator.language || ""];
  for (var i = 0; i < wanted.length; i++) {
    var tag = String(wanted[i]).toLowerCase();
    for (var j = 0; j < langs.length; j++) {
      if (tag === langs[j] || tag.split("-")[0] === langs[j]) {
        window.location.replace(langs[j] + "/" + (location.protocol === "file:" ? "index.html" : ""));
        return;
      }
    }
  }
})();
