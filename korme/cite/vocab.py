"""Words a citation needs per language (kk, ru, en): item types and ГОСТ's content forms.

A site may name its own types (``seal-impression``); their label comes from the caller (the
theme or the site's ``vocabulary:``), and the citation falls back to the CSL type alone.
"""

from __future__ import annotations

CSL_TYPES = {
    "manuscript": "manuscript", "document": "manuscript", "letter": "manuscript",
    "book": "book", "photograph": "graphic", "artwork": "graphic", "object": "graphic",
    "map": "map",
}
TEXT_TYPES = frozenset({"manuscript", "document", "letter", "book"})
PUBLISHED_TYPES = frozenset({"book", "map"})

TYPE_LABELS: dict[str, dict[str, str]] = {
    "manuscript": {"en": "Manuscript", "ru": "Рукопись", "kk": "Қолжазба"},
    "book": {"en": "Book", "ru": "Книга", "kk": "Кітап"},
    "document": {"en": "Document", "ru": "Документ", "kk": "Құжат"},
    "letter": {"en": "Letter", "ru": "Письмо", "kk": "Хат"},
    "photograph": {"en": "Photograph", "ru": "Фотография", "kk": "Фотосурет"},
    "map": {"en": "Map", "ru": "Карта", "kk": "Карта"},
    "object": {"en": "Object", "ru": "Предмет", "kk": "Зат"},
    "artwork": {"en": "Artwork", "ru": "Произведение искусства", "kk": "Көркем туынды"},
}

# ГОСТ Р 7.0.100-2018, area of content form and media type ("вид содержания и средство
# доступа") for a resource read on the web
_MEDIA: dict[str, dict[str, str]] = {
    "text": {"ru": "Текст : электронный", "kk": "Мәтін : электрондық",
             "en": "Text : electronic"},
    "image": {"ru": "Изображение : электронное", "kk": "Бейне : электрондық",
              "en": "Image : electronic"},
    "map": {"ru": "Изображение (картографическое) : электронное",
            "kk": "Бейне (картографиялық) : электрондық",
            "en": "Image (cartographic) : electronic"},
}


def base_lang(lang: str) -> str:
    """``kk``, ``ru`` or ``en`` for a page language (others read English words)."""
    base = lang.lower().split("-")[0]
    return base if base in ("kk", "ru", "en") else "en"


def csl_type(item_type: str | None) -> str:
    """The CSL item type for a Kórme type (unknown types are cited as graphic material)."""
    return CSL_TYPES.get(item_type or "", "graphic")


def type_label(item_type: str | None, lang: str) -> str | None:
    """The label of a known type in ``lang``, else ``None``."""
    labels = TYPE_LABELS.get(item_type or "")
    return labels[base_lang(lang)] if labels else None


def media(item_type: str | None, lang: str) -> str:
    """ГОСТ's content form and media type of the digitised item in ``lang``."""
    kind = "map" if item_type == "map" else "text" if item_type in TEXT_TYPES else "image"
    return _MEDIA[kind][base_lang(lang)]
