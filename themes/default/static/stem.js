// Word stems for the offline search page (korme build --offline): the Snowball Russian
// algorithm, which Pagefind applies to Russian pages and queries (snowballstemmer, its Python
// generation, stems the offline index; tests/test_search_offline.py holds the two equal).
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

  window.kormeStem = { ru: russian };
})();
