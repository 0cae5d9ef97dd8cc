"""Search without a web server (``korme build --offline``, kiosks, ``file://``).

Browsers do not let a page opened from disk fetch files, so Pagefind cannot run there. Instead
each language's pages are written as a script (``pagefind/offline/<lang>.js``) that the search
page loads with a ``<script>`` element, and the search page's own small matcher
(``static/search.js``) finds them. The words are made as Pagefind makes them (the page text and
its other spellings, lower case, letters and digits only, a word with punctuation inside also
as its parts; Russian words stemmed with the same Snowball algorithm), so a query finds the same
pages with or without a server.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache

from korme.search.document import SearchDoc

# Languages whose words Pagefind stems and whose stemmer the search page has too.
STEMMED = {"ru": "russian"}
_PARTS = re.compile(r"[^\W_]+")


def _keep(ch: str) -> bool:
    """Pagefind keeps letters, digits and the combining marks that are part of letters."""
    return ch.isalnum() or (unicodedata.category(ch) in ("Mn", "Mc") and "\u0600" <= ch <= "\u06ff")


def pagefind_words(token: str) -> list[str]:
    """The words Pagefind indexes for one space-free token."""
    word = "".join(ch for ch in token.replace("\u200b", "") if _keep(ch)).lower()
    out = [word] if word else []
    if word and word != token.lower():
        parts = _PARTS.findall(token.lower())
        if len(parts) > 1 or (parts and not word.startswith(parts[0])):
            out += [p for p in parts if len(p.encode()) > 1]
    return out


@lru_cache(maxsize=8)
def stemmer(lang: str) -> Callable[[str], str]:
    """The stemmer Pagefind uses for a language (or none)."""
    name = STEMMED.get(lang.split("-")[0])
    if name is None:
        return lambda word: word
    import snowballstemmer

    stem = snowballstemmer.stemmer(name)
    return lru_cache(maxsize=65536)(stem.stemWord)  # type: ignore[no-any-return]


def _pages(docs: list[tuple[str, SearchDoc]]) -> tuple[list[list[object]], dict[str, list[int]]]:
    pages: list[list[object]] = []
    words: dict[str, list[int]] = {}
    shards: dict[str, int] = {}
    for n, (shard, doc) in enumerate(docs):
        stem = stemmer(doc.lang)
        meta = dict(doc.meta)
        filters: dict[str, list[str]] = {}
        for name, value in doc.filters:
            filters.setdefault(name, []).append(value)
        pages.append(["/" + doc.url, meta, filters, doc.text,
                      shards.setdefault(shard, len(shards))])
        found = {stem(w) for token in f"{doc.text} {doc.forms}".split()
                 for w in pagefind_words(token)}
        for word in found:
            words.setdefault(word, []).append(n)
    return pages, dict(sorted(words.items()))


def offline_files(docs: Iterable[tuple[str, SearchDoc]]) -> dict[str, bytes]:
    """``{"<lang>.js": script}``: every indexed page of each language (with its shard: a word
    Pagefind does not find in a shard falls back to the longest word of that shard it starts
    with) and its words."""
    by_lang: dict[str, list[tuple[str, SearchDoc]]] = {}
    for shard, doc in sorted(docs, key=lambda d: d[1].url):
        by_lang.setdefault(doc.lang, []).append((shard, doc))
    out = {}
    for lang, docs_of in sorted(by_lang.items()):
        pages, words = _pages(docs_of)
        data = json.dumps({"pages": pages, "words": words}, ensure_ascii=False,
                          separators=(",", ":"))
        # JSON in a script: "</" and the line separators JavaScript once refused are escaped
        data = data.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029",
                                                                               "\\u2029")
        out[f"{lang}.js"] = (f"(window.kormeSearch = window.kormeSearch || {{}})"
                             f"[{json.dumps(lang)}] = {data};\n").encode()
    return out
