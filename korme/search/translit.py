"""Script conversions for search: Kazakh Cyrillic ↔ the official 2021 Latin alphabet and plain
ASCII, and Persian/Arabic letter variants.

Search matches through a *canonical* form that every spelling of a word reduces to:
lower case, Latin diacritics and Arabic vowel marks removed, Kazakh Cyrillic written in Latin
letters without diacritics, Arabic ي/ك/ى/ة written as Persian ی/ک/ی/ه. Pages index the canonical
and other forms of their words as hidden text; the search page reduces the query the same way
(:func:`query_table` gives its table to the browser), so either side may use any spelling.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from itertools import chain

# Kazakh Cyrillic → the Latin alphabet approved in 2021 (Russian-only letters included).
CYRILLIC_TO_LATIN: dict[str, str] = {
    "а": "a", "ә": "ä", "б": "b", "в": "v", "г": "g", "ғ": "ğ", "д": "d", "е": "e",
    "ё": "io", "ж": "j", "з": "z", "и": "i", "й": "i", "к": "k", "қ": "q", "л": "l",
    "м": "m", "н": "n", "ң": "ñ", "о": "o", "ө": "ö", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ұ": "ū", "ү": "ü", "ф": "f", "х": "h", "һ": "h", "ц": "ts",
    "ч": "ç", "ш": "ş", "щ": "şş", "ъ": "", "ы": "y", "і": "ı", "ь": "", "э": "e",
    "ю": "iu", "я": "ia",
}
# Latin letters of the 2021 alphabet (and common neighbours) → plain ASCII.
LATIN_TO_ASCII: dict[str, str] = {
    "ä": "a", "ğ": "g", "ñ": "n", "ö": "o", "ū": "u", "ü": "u", "ç": "c", "ş": "s", "ı": "i",
    "ə": "a", "ø": "o", "æ": "ae", "ß": "ss",
}
# How people often type ş, ç, ğ, ñ in ASCII: a second ASCII form is indexed with these.
ASCII_DIGRAPHS: dict[str, str] = {"ş": "sh", "ç": "ch", "ğ": "gh", "ñ": "ng"}
# Kazakh letters typed on a Russian keyboard: қолжазба written as колжазба.
KAZAKH_TO_RUSSIAN: dict[str, str] = {
    "ә": "а", "ғ": "г", "қ": "к", "ң": "н", "ө": "о", "ұ": "у", "ү": "у", "һ": "х", "і": "и",
}
# Arabic letter forms → the Persian ones (the canonical spelling), and back.
ARABIC_TO_PERSIAN: dict[str, str] = {
    "ي": "ی", "ى": "ی", "ئ": "ی", "ك": "ک", "ة": "ه", "ۀ": "ه", "أ": "ا", "إ": "ا", "آ": "ا",
    "ٱ": "ا", "ؤ": "و",
}
PERSIAN_TO_ARABIC: dict[str, str] = {"ی": "ي", "ک": "ك"}
_DIGITS = {chr(0x0660 + n): str(n) for n in range(10)} | {chr(0x06F0 + n): str(n)
                                                          for n in range(10)}
# Arabic-script marks that do not change the word: harakat, superscript alef, tatweel, ZWNJ.
_ARABIC_MARKS = {chr(c): "" for c in (*range(0x064B, 0x0660), 0x0670, 0x0640, 0x200C)}

_WORD = re.compile(r"\w+", re.UNICODE)
_ARABIC = re.compile(r"[\u0600-\u06FF]")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")


def query_table() -> dict[str, str]:
    """The character table of :func:`canonical` after NFD and mark removal (for the browser)."""
    table: dict[str, str] = {}
    for cyr, lat in CYRILLIC_TO_LATIN.items():
        table[cyr] = "".join(LATIN_TO_ASCII.get(ch, ch) for ch in lat)
    table |= LATIN_TO_ASCII | ARABIC_TO_PERSIAN | _DIGITS | _ARABIC_MARKS
    return table


def browser_tables() -> dict[str, dict[str, str]]:
    """The tables the search page spells words with (``static/search.js``): the canonical
    form's (:func:`query_table`), the ASCII digraphs' (ш → sh, also from ş) and the Russian
    keyboard's (қ → к)."""
    digraphs = {cyr: ASCII_DIGRAPHS[lat[0]] * len(lat) for cyr, lat in CYRILLIC_TO_LATIN.items()
                if lat and lat[0] in ASCII_DIGRAPHS}
    return {"canon": query_table(), "digraph": digraphs | ASCII_DIGRAPHS,
            "keyboard": dict(KAZAKH_TO_RUSSIAN)}


_TABLE = str.maketrans(query_table())


def _strip_marks(text: str) -> str:
    """Lower case, decomposed, without Latin combining marks (й → и, é → e), recomposed."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    return unicodedata.normalize("NFC", "".join(
        ch for ch in decomposed if not "\u0300" <= ch <= "\u036f"))


def canonical(text: str) -> str:
    """The form every spelling reduces to: ``Әбілқасым``, ``Äbılqasym``, ``abilqasym`` →
    ``abilqasym``; ``كُليات`` → ``کلیات``."""
    return _strip_marks(text).translate(_TABLE)


def to_latin(text: str) -> str:
    """Kazakh Cyrillic in the 2021 Latin alphabet (lower case): ``Қазақ`` → ``qazaq``."""
    return "".join(CYRILLIC_TO_LATIN.get(ch, ch) for ch in text.lower())


def to_ascii(text: str, digraphs: bool = False) -> str:
    """Plain ASCII: ``Шәкәрім`` → ``sakarim`` (``shakarim`` with ``digraphs``)."""
    latin = to_latin(text)
    if digraphs:
        latin = "".join(ASCII_DIGRAPHS.get(ch, ch) for ch in latin)
    return canonical(latin)


def to_russian_keyboard(text: str) -> str:
    """Kazakh letters replaced by the Russian ones people type instead."""
    return "".join(KAZAKH_TO_RUSSIAN.get(ch, ch) for ch in text.lower())


def _arabic_forms(word: str) -> set[str]:
    persian = canonical(word)
    return {persian, "".join(PERSIAN_TO_ARABIC.get(ch, ch) for ch in persian)}


@lru_cache(maxsize=65536)
def word_forms(word: str) -> frozenset[str]:
    """Other spellings of one word to index beside it (never the word itself)."""
    forms: set[str] = set()
    if _CYRILLIC.search(word):
        forms |= {to_latin(word), to_ascii(word), to_ascii(word, digraphs=True),
                  to_russian_keyboard(word)}
    elif _ARABIC.search(word):
        forms |= _arabic_forms(word)
    else:
        forms.add(canonical(word))
    forms.discard(word.lower())
    return frozenset(f for f in forms if f)


@lru_cache(maxsize=65536)
def _sorted_forms(word: str) -> tuple[str, ...]:
    return tuple(sorted(word_forms(word)))


# punctuation around words; none of it is a word character
_PUNCTUATION = ".,;:!?()[]{}\"'«»—–-…/*^#"


def words(text: str) -> list[str]:
    """The words of a text (what ``\\w+`` finds), quicker: no space is a word character, and a
    token between spaces that is all letters and digits, once stripped of punctuation, is one
    word."""
    return _token_words(text.split())


def _token_words(tokens: Iterable[str]) -> list[str]:
    """The words of these space-free tokens, in order (see :func:`words`)."""
    out: list[str] = []
    for token in tokens:
        if token.isalnum():
            out.append(token)
        elif (core := token.strip(_PUNCTUATION)).isalnum():
            out.append(core)
        else:
            out += _WORD.findall(token)
    return out


@lru_cache(maxsize=65536)
def _token_forms(token: str) -> tuple[str, ...]:
    """The other spellings of a space-free token's words, in order (repeats left in)."""
    return tuple(chain.from_iterable(map(_sorted_forms, _token_words((token,)))))


def index_forms(texts: list[str]) -> str:
    """The hidden index-only text for a record: every other spelling of its words, once."""
    # a repeated word adds nothing: its forms are already in, in the same place; so a repeated
    # token adds nothing either, and each token's forms are found once per process
    tokens = dict.fromkeys(" ".join(texts).split())
    return " ".join(dict.fromkeys(chain.from_iterable(map(_token_forms, tokens))))


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=16384)
def slugify(label: str) -> str:
    """A URL slug from a label in any script: ``Поэзия`` → ``poeziia``."""
    ascii_text = to_ascii(label, digraphs=True)
    ascii_text = unicodedata.normalize("NFKD", ascii_text).encode("ascii", "ignore").decode()
    slug = _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")
    return slug or "s-" + hashlib.sha1(label.encode()).hexdigest()[:8]
