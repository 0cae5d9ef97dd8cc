// The search page. Online it merges the language's Pagefind shards (pagefind/shards.json) and
// searches them for the query and its canonical spelling; opened from disk (file://) it loads
// the language's offline index (pagefind/offline/<lang>.js) and matches it with
// static/search-offline.js (loaded by offline builds only), the way Pagefind does. Both spell
// words with the tables of korme/search/translit.py; excerpts are cut from the page text,
// never from the extra spellings indexed after it.
(function () {
  "use strict";
  var root = document.querySelector("[data-search]");
  if (!root) return;
  var form = root.querySelector("form");
  var input = form.querySelector("input[name=q]");
  var status = root.querySelector("[data-status]");
  var list = root.querySelector("[data-results]");
  var filters = root.querySelector("[data-filters]");
  var tables = JSON.parse(root.dataset.translit);
  var base = new URL("../pagefind/", document.currentScript.src);
  var lang = document.documentElement.lang.toLowerCase();
  var MARK = "\u2042"; // where a page's extra spellings start (korme/search/document.py)
  var PAGE = 20;
  var engine = null;
  var seq = 0;
  var timer = 0;

  root.querySelector("[data-no-js]").hidden = true;
  if (filters) filters.hidden = false;
  for (var d of root.querySelectorAll("[data-wide-open]")) d.open = matchMedia("(min-width: 56rem)").matches;

  function spell(text, table) {
    var out = "";
    for (var ch of text) out += Object.hasOwn(table, ch) ? table[ch] : ch;
    return out;
  }
  function canonical(text) {
    var bare = text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").normalize("NFC");
    return spell(bare, tables.canon);
  }
  // A query as Pagefind reads it: lower case, without punctuation, single spaces.
  function normal(text) {
    return text.toLowerCase().replace(/[\p{Pd}\p{Pe}\p{Pf}\p{Pi}\p{Po}\p{Ps}]/gu, "").replace(/\s+/g, " ").trim();
  }
  function variants(query) {
    return [...new Set([normal(query), normal(canonical(query))])].filter(Boolean);
  }
  // Every spelling a word of a page can be found by (for highlighting).
  function keys(word) {
    var w = word.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");
    return [w, canonical(w), canonical(spell(w, tables.digraph)), canonical(spell(w, tables.keyboard))];
  }

  // --- engines: search(query, chosen filters) -> {results: [{id, score, data()}], counts} ---
  async function online() {
    var manifest = await (await fetch(new URL("shards.json", base))).json();
    var shards = manifest.languages[lang] || [];
    if (!shards.length) return async function () { return { results: [], counts: {} }; };
    var path = function (s) { return new URL(s + "/", base).pathname; };
    var pf = (await import(new URL("pagefind.js", base).href)).createInstance({ basePath: path(shards[0]) });
    await pf.init();
    for (var s of shards.slice(1)) await pf.mergeIndex(path(s));
    var names = [...form.querySelectorAll(".facet")].map(function (f) { return f.dataset.facet; });
    function filtersFor(chosen, skip) {
      // every facet named (Pagefind counts only the facets a search names), unchosen ones empty
      var out = {};
      for (var n of names) out[n] = { any: n !== skip && chosen[n] ? chosen[n].any : [] };
      return out;
    }
    async function union(terms, filters) {
      var found = await Promise.all(terms.map(function (t) { return pf.search(t, { filters: filters }); }));
      var seen = new Map();
      var counts = {};
      for (var f of found) {
        for (var r of f.results) if (!seen.has(r.id) || seen.get(r.id).score < r.score) seen.set(r.id, r);
        for (var [name, values] of Object.entries(f.filters || {})) {
          var own = (counts[name] ||= {});
          for (var [key, n] of Object.entries(values)) own[key] = Math.max(own[key] || 0, n);
        }
      }
      return { results: [...seen.values()].sort(function (a, b) { return b.score - a.score; }), counts: counts };
    }
    return async function (query, chosen) {
      var terms = query ? variants(query) : [null];
      var found = await union(terms, filtersFor(chosen, null));
      // a chosen facet's counts: what each of its values would find (its own choice left out)
      for (var name of Object.keys(chosen)) found.counts[name] = (await union(terms, filtersFor(chosen, name))).counts[name] || {};
      return found;
    };
  }

  function offline() {
    // the language's pages and the matcher (static/search-offline.js, loaded by the page)
    return new Promise(function (resolve, reject) {
      var tag = document.createElement("script");
      tag.src = new URL("offline/" + lang + ".js", base).href;
      tag.onerror = reject;
      tag.onload = function () {
        resolve(window.kormeOffline(window.kormeSearch[lang], lang, variants));
      };
      document.head.appendChild(tag);
    });
  }

  function load() {
    engine ||= (location.protocol === "file:" ? offline() : online());
    return engine;
  }

  // --- the page ---------------------------------------------------------------------------
  function chosen() {
    var out = {};
    for (var box of form.querySelectorAll(".facet input:checked")) (out[box.name] ||= { any: [] }).any.push(box.value);
    return out;
  }

  function setCounts(counts) {
    for (var fieldset of form.querySelectorAll(".facet")) {
      var own = counts && counts[fieldset.dataset.facet] || {};
      for (var span of fieldset.querySelectorAll(".facet-count")) {
        if (!span.dataset.total) span.dataset.total = span.textContent;
        var n = counts ? own[span.dataset.key] || 0 : Number(span.dataset.total);
        span.textContent = String(n);
        var box = span.closest("li");
        box.classList.toggle("empty", n === 0 && !box.querySelector("input").checked);
      }
    }
  }

  // The page text around the first words that match the query, those words marked.
  function excerpt(content, query) {
    var text = content.split(MARK)[0].trim();
    var words = text.split(/\s+/);
    var wanted = query ? variants(query).join(" ").split(" ") : [];
    var hit = words.map(function (w) {
      var k = keys(w);
      return wanted.some(function (t) { return k.some(function (x) { return x && x.startsWith(t); }); });
    });
    var first = Math.max(0, hit.indexOf(true));
    var from = Math.max(0, first - 8);
    var p = document.createElement("p");
    p.className = "result-excerpt";
    p.append(from ? "… " : "");
    var run = null; // right-to-left words kept together, isolated from the text around them
    for (var i = from; i < Math.min(words.length, from + 30); i++) {
      var rtl = /[\u0590-\u08ff]/.test(words[i]);
      if (i > from) (rtl && run ? run : p).append(" ");
      if (!rtl) run = null;
      else if (!run) run = p.appendChild(document.createElement("bdi"));
      var into = rtl ? run : p;
      if (hit[i]) into.appendChild(document.createElement("mark")).textContent = words[i];
      else into.append(words[i]);
    }
    if (words.length > from + 30) p.append(" …");
    return p;
  }

  function resultNode(data, query) {
    var li = document.createElement("li");
    li.className = "result";
    var a = li.appendChild(document.createElement("a"));
    a.href = location.protocol === "file:" ? "../.." + data.url + "index.html" : data.url; // from <lang>/search/
    if (data.meta.thumb) {
      li.classList.add("with-thumb");
      var img = a.appendChild(document.createElement("span")).appendChild(document.createElement("img"));
      img.parentNode.className = "result-thumb";
      var thumb = data.meta.thumb;  // a partner's image is an absolute URL (korme.partners)
      img.src = /^https?:\/\//.test(thumb) ? thumb : new URL("../" + thumb, base).href;
      img.alt = "";
      img.width = img.height = 80;
      img.loading = "lazy";
    }
    var title = a.appendChild(document.createElement("span"));
    title.className = "result-title";
    title.textContent = data.meta.title || data.url;
    var facts = [data.meta.type, data.meta.date].filter(Boolean).join(" · ");
    if (facts) {
      var meta = a.appendChild(document.createElement("span"));
      meta.className = "result-meta";
      meta.textContent = facts;
    }
    li.appendChild(excerpt(data.content || "", query));
    var part = matchedImage(data, a.getAttribute("href"));
    if (part) li.appendChild(part);
    return li;
  }

  // The image whose transcription or translation matched (the item page's texts headings are
  // #transcription-<page>, #translation-<page>): named, with a link to that image's page.
  function matchedImage(data, href) {
    for (var sub of data.sub_results || []) {
      var m = /#(?:transcription|translation)-([a-z0-9-]+)$/.exec(sub.url || "");
      if (!m) continue;
      var part = document.createElement("p");
      part.className = "result-part";
      var a = part.appendChild(document.createElement("a"));
      a.className = "result-image";
      a.href = href.replace(/index\.html$/, "") + m[1] + "/" + (location.protocol === "file:" ? "index.html" : "");
      a.textContent = sub.title.replace(/^[\s·]+/, ""); // the kind of text is not indexed
      return part;
    }
    return null;
  }

  async function show(mine, results, from, query) {
    var datas = await Promise.all(results.slice(from, from + PAGE).map(function (r) { return r.data(); }));
    if (mine !== seq) return; // a newer search has started: its results replace these
    var nodes = datas.map(function (d) { return resultNode(d, query); });
    if (results.length > from + PAGE) {
      var li = document.createElement("li");
      li.className = "more";
      var button = li.appendChild(document.createElement("button"));
      button.type = "button";
      button.textContent = "+" + Math.min(PAGE, results.length - from - PAGE);
      button.addEventListener("click", function () { show(mine, results, from + PAGE, query); });
      nodes.push(li);
    }
    if (from) { list.querySelector(".more").remove(); list.append(...nodes); } else list.replaceChildren(...nodes);
  }

  function keepQuery(params) {
    // the language switcher leads to the same search in another language
    for (var a of document.querySelectorAll(".lang-switch a[hreflang]")) {
      var url = new URL(a.getAttribute("href"), location.href);
      url.search = params.toString();
      a.href = url.href;
    }
  }

  async function run() {
    var mine = ++seq;
    var query = input.value.trim();
    var filter = chosen();
    var params = new URLSearchParams(new FormData(form));
    if (!query) params.delete("q");
    history.replaceState(null, "", params.toString() ? "?" + params : location.pathname);
    keepQuery(params);
    if (!query && !Object.keys(filter).length) {
      list.replaceChildren();
      status.textContent = "";
      setCounts(null);
      return;
    }
    status.textContent = root.dataset.loading;
    var found;
    try {
      found = await (await load())(query || null, filter);
    } catch (err) {
      if (mine === seq) status.textContent = root.dataset.failed;
      return;
    }
    if (mine !== seq) return;
    setCounts(found.counts);
    await show(mine, found.results, 0, query);
    if (mine !== seq) return;
    status.textContent = found.results.length
      ? root.dataset.count.replace("{count}", String(found.results.length))
      : root.dataset.none;
  }

  var initial = new URLSearchParams(location.search);
  input.value = initial.get("q") || "";
  for (var box of form.querySelectorAll(".facet input")) box.checked = initial.getAll(box.name).includes(box.value);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    run();
  });
  form.addEventListener("change", function (event) {
    if (event.target !== input) run();
  });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 250);
  });
  run();
})();
