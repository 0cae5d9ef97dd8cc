"""Creators as CSL names: a curator's free-text name split into family and given parts.

Curators write a name the way it is shown (``Абай Құнанбайұлы``, ``Левшин Алексей Ираклиевич``,
``Фирдоуси``); styles need the family name to invert and abbreviate it. A name written
``Family, Given`` is split at the comma when both parts are names (capitalised words or
initials; ``Ж. Оспанов, ауыл мұғалімі``, a name and a role, stays as written). Otherwise a name
of two or three words whose last word is a patronymic (``-вич``, ``-вна``) or whose first word
is a Kazakh surname (``-ұлы``, ``-қызы``) is read family name first; any other two- or
three-word name of capitalised words is read ``Given … Family``. Everything else (one word,
institutions, names with particles such as ``ibn`` or ``al-``) stays a literal name, shown
exactly as written.
"""

from __future__ import annotations

import re
from typing import Any

_PATRONYMIC = re.compile(
    r"(?:вич|вна|ична|оглы|кызы)$",
    re.IGNORECASE)
_KAZAKH_FIRST = re.compile(r"(?:ұлы|улы|қызы|кызы)$", re.IGNORECASE)
_PARTICLES = {"ibn", "bin", "ben", "al", "ad", "ar", "as", "at", "az", "ash", "ud", "abu", "ибн",
              "бин", "аль", "ал", "ад", "ар", "ас", "ат", "аз", "уд", "абу", "de", "van", "von",
              "der", "la", "le", "di", "da", "фон", "ван", "де", "дер", "ля"}
_WORD = re.compile(r"^[^\W\d_][\w'’.-]*$")


def _is_name_word(word: str) -> bool:
    return bool(_WORD.match(word)) and word[0].isupper() \
        and word.lower().strip(".-") not in _PARTICLES \
        and not any(word.lower().startswith(p + "-") for p in _PARTICLES)


def parse_name(text: str) -> dict[str, Any]:
    """One creator as a CSL name object (``family``/``given`` or ``literal``)."""
    text = " ".join(text.split())
    if text.count(",") == 1:
        family, given = (part.strip() for part in text.split(","))
        if family and given and all(_is_name_word(w) for w in (*family.split(), *given.split())):
            return {"family": family, "given": given}
        return {"literal": text}
    words = text.split(" ")
    if len(words) not in (2, 3) or not all(_is_name_word(w) for w in words):
        return {"literal": text}
    if len(words) == 3 and _PATRONYMIC.search(words[2]):  # Левшин Алексей Ираклиевич
        return {"family": words[0], "given": " ".join(words[1:])}
    if _KAZAKH_FIRST.search(words[0]):  # Құнанбайұлы Абай: a -ұлы/-қызы surname first
        return {"family": words[0], "given": " ".join(words[1:])}
    return {"family": words[-1], "given": " ".join(words[:-1])}


def display_name(name: dict[str, Any], inverted: bool = False) -> str:
    """A CSL name as plain text: ``Given Family`` or ``Family, Given`` (literal as written)."""
    if "literal" in name:
        return str(name["literal"])
    if inverted:
        return f"{name['family']}, {name['given']}"
    return f"{name['given']} {name['family']}"
