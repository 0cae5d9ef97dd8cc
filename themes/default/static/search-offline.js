// The offline search page's matcher (korme build --offline, file://): finds a query's pages in
// a language's index written by korme/search/offline.py, the way Pagefind finds them (words
// that start with each term, else in each shard the longest word the term starts with; every
// term; Russian stemmed with the Snowball algorithm Pagefind uses, which snowballstemmer, its
// Python generation, applies to the index: tests/test_search_pages.py holds the two equal).
(function () {
  "use strict";
  var V = /[аеиоуыэюя]/;
  var GERUND = [["вшись", "вши", "в"], ["ившись", "ывшись", "ивши", "ывши", "ив", "ыв"]];
  var ADJECTIVE = [[], "ими ыми его ого ему ому ее ие ые ое ей ий ый ой ем им ым ом их ых ую юю ая яя ою ею".split(" ")];
  var PARTICIPLE = [["ем", "нн", "вш", "ющ", "щ"], ["ивш", "ывш", "ующ"]];
  var REFLEXIVE = [[], ["ся", "сь"]];
  var VERB = [["ла", "на", "ете", "йте", "ли", "й", "л", "ем", "н", "ло", "но", "ет", "ют", "ны", "ть", "ешь", "нно"],
    "ила ыла ена ейте уйте ите или ыли ей уй ил ыл им ым ен ило ыло ено ят ует уют ит ыт ены ить ыть ишь ую ю".split(" ")];
  var NOUN = [[], "а ев ов ие ье е иями ями ами еи ии и ией ей ой ий й иям ям ием ем ам ом о у ах иях ях ы ь ию ью ю ия ья я".split(" ")];

  // Remove the longest of the endings that lies in word[rv:]; endings of the first group also
  // need "а" or "я" before them. Returns the shorter word, or null when nothing was removed.
  function cut(word, rv, groups) {
    var best = null, first = false;
    groups.forEach(function (endings, g) {
      for (var e of endings) {
        if (word.endsWith(e) && word.length - e.length >= rv && (!best || e.length > best.length)) { best = e; first = g === 0; }
      }
    });
    if (!best) return null;
    var at = word.length - best.length;
    if (first && !(at - 1 >= rv && /[ая]/.test(word[at - 1]))) return null;
    return word.slice(0, at);
  }

  // The position after the first vowel (or non-vowel) from "from" on; the length if none.
  function past(word, from, vowel) {
    for (var i = from; i < word.length; i++) if (V.test(word[i]) === vowel) return i + 1;
    return word.length;
  }
  function regions(word) {
    var rv = past(word, 0, true);
    return [rv, past(word, past(word, past(word, rv, false), true), false)];
  }

  function russian(word) {
    word = word.replace(/ё/g, "е");
    var [rv, r2] = regions(word);
    if (rv >= word.length) return word;
    var w = cut(word, rv, GERUND);
    if (w === null) {
      w = cut(word, rv, REFLEXIVE) ?? word;
      var adj = cut(w, rv, ADJECTIVE);
      if (adj !== null) w = cut(adj, rv, PARTICIPLE) ?? adj;
      else w = cut(w, rv, VERB) ?? cut(w, rv, NOUN) ?? w;
    }
    if (w.endsWith("и") && w.length - 1 >= rv) w = w.slice(0, -1);
    for (var d of ["ость", "ост"]) if (w.endsWith(d) && w.length - d.length >= r2) { w = w.slice(0, -d.length); break; }
    var sup = ["ейше", "ейш"].find(function (e) { return w.endsWith(e) && w.length - e.length >= rv; });
    if (sup) w = w.slice(0, -sup.length);
    if (w.endsWith("нн") && w.length - 2 >= rv) w = w.slice(0, -1);
    else if (!sup && w.endsWith("ь") && w.length - 1 >= rv) w = w.slice(0, -1);
    return w;
  }

  var STEMMERS = { ru: russian };

  function matcher(index, lang, variants) {
    var vocabulary = Object.keys(index.words).sort();
    var stem = STEMMERS[lang.split("-")[0]] || function (w) { return w; };
    function pagesOf(term) {
      // the pages of the words that start with the term; in a shard with none of them, those
      // of the longest word the term starts with (as Pagefind does, shard by shard)
      var lo = 0, hi = vocabulary.length, out = new Set(), done = new Set();
      while (lo < hi) { var mid = (lo + hi) >> 1; if (vocabulary[mid] < term) lo = mid + 1; else hi = mid; }
      for (var i = lo; i < vocabulary.length && vocabulary[i].startsWith(term); i++) {
        for (var p of index.words[vocabulary[i]]) { out.add(p); done.add(index.pages[p][4]); }
      }
      for (var k = term.length - 1; k > 0; k--) {
        var prefix = term.slice(0, k);
        if (!Object.hasOwn(index.words, prefix)) continue;
        var now = index.words[prefix].filter(function (q) { return !done.has(index.pages[q][4]); });
        for (var q of now) out.add(q);
        for (var r of now) done.add(index.pages[r][4]);
      }
      return out;
    }
    function fits(page, chosen, skip) {
      return Object.keys(chosen).every(function (name) {
        return name === skip || chosen[name].any.some(function (v) { return (page[2][name] || []).includes(v); });
      });
    }
    return async function (query, chosen) {
      var hits = new Set(query ? [] : index.pages.keys());
      for (var v of query ? variants(query) : []) {
        var sets = v.split(" ").map(function (t) { return pagesOf(stem(t)); });
        for (var p of sets.reduce(function (a, b) { return new Set([...a].filter(function (x) { return b.has(x); })); })) hits.add(p);
      }
      var results = [], counts = {};
      for (var n of hits) {
        var page = index.pages[n];
        if (fits(page, chosen, null)) results.push({ id: n, score: 0, data: async function () { return { url: this.page[0], meta: this.page[1], content: this.page[3] }; }, page: page });
        for (var [name, values] of Object.entries(page[2])) {
          if (!fits(page, chosen, name)) continue;
          var own = (counts[name] ||= {});
          for (var key of values) own[key] = (own[key] || 0) + 1;
        }
      }
      return { results: results, counts: counts };
    };
  }

  window.kormeOffline = matcher;
  window.kormeStem = STEMMERS;
})();
