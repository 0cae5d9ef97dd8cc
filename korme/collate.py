"""Labels in the alphabetical order of the page's language.

Python compares code points, which puts the letters Kazakh adds to Cyrillic (Ә Ғ Қ Ң Ө Ұ Ү Һ І,
U+04xx) and Russian's Ё after Я: a Kazakh list of types read "… Фотосурет, Хат, Қолжазба,
Құжат". Here each letter of the Kazakh alphabet has its place (А Ә Б … Ұ Ү … Ы І Ь Э Ю Я, as
CLDR's Kazakh collation orders them), Russian sorts Ё with Е (accents only break ties, as
Russian dictionaries and CLDR's Russian collation do), and any other letter sorts by its base
letter (``É`` with ``E``). Then, as in CLDR's root collation: spaces before punctuation before
digits before letters, accents break ties, then case; Cyrillic comes first on the pages of
languages written in it (CLDR's ``[reorder Cyrl]`` for kk and ru), else after Latin and Greek.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# the Cyrillic letters in Kazakh order (CLDR kk: Ё a letter after Е, Ұ before Ү, І after Ы);
# the Russian alphabet is this one without the Kazakh letters
KAZAKH = "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя"
_CYRILLIC = {ch: n for n, ch in enumerate(KAZAKH)}
_RUSSIAN = {**_CYRILLIC, "ё": _CYRILLIC["е"]}  # ё is е with a mark: it breaks ties only
OTHER = 1000  # any other letter: this plus its base letter's code point
CYRILLIC_FIRST = frozenset({"kk", "ru", "ky", "tt", "ba", "uk", "be", "bg", "mk", "sr", "tg",
                            "mn"})

Key = tuple[tuple[int, ...], tuple[str, ...], str]


@lru_cache(maxsize=8192)
def sort_key(text: str, lang: str) -> Key:
    """A key that sorts ``text`` where a reader of ``lang`` looks for it."""
    base_lang = lang.split("-")[0].lower()
    order = _RUSSIAN if base_lang == "ru" else _CYRILLIC
    # Cyrillic first for its own languages; elsewhere between Greek and Arabic, as in the root
    letter = 100 if base_lang in CYRILLIC_FIRST else OTHER + 0x400
    folded = text.casefold()
    primary = []
    for ch in folded:
        rank = order.get(ch)
        if rank is not None:
            primary.append(letter + rank)
            continue
        base = unicodedata.normalize("NFD", ch)[0]
        rank = order.get(base)
        if rank is not None:  # (й and ё, letters of their own, are found above)
            primary.append(letter + rank)
        elif base.isspace():
            primary.append(1)
        elif base.isdigit():
            primary.append(10 + unicodedata.digit(base, 0))
        elif base.isalpha():
            primary.append(OTHER + ord(base))
        elif unicodedata.category(base)[0] in "PS":
            primary.append(2)
        # marks and format characters (ZWNJ, isolates) weigh nothing
    # then the marks on each letter (none first: е before ё), then the case (lower first)
    return (tuple(primary), tuple(unicodedata.normalize("NFD", ch)[1:] for ch in folded),
            text.swapcase())


__all__ = ["KAZAKH", "sort_key"]
