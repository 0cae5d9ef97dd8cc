"""An image's place in its item, read from its label: a folio (``f. 1v``) or a page (``p. 5``).

Labels are written as curators see them on the object: ``f. 1r``, ``fol. 12v``, ``1v``,
``л. 1 об.``, ``п. 3``, ``p. 5``, ``с. 5``, ``б. 5``. The pinpoint is given to the CSL engine as a
locator (type and number), worded per language by the style's terms: ``f. 1v`` in English,
``л. 1 об.`` in Russian, ``п. 1 арты`` in Kazakh.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from korme.i18n import LangText

_FOLIO = re.compile(
    r"^(?:(?:f|ff|fol|fols|folio|л|лл|лист|п|пп|парақ)\.?\s*)?(\d+)\s*"
    r"(r|v|recto|verso|об\.?|оборот|арты)?$", re.IGNORECASE)
_PAGE = re.compile(r"^(?:(?:p|pp|page|с|стр|б|бет)\.?\s*(\d+)|(\d+)[\s-]*(?:б|бет|с|стр)\.?)$",
                   re.IGNORECASE)
_VERSO_WORD = {"en": "v", "ru": " об.", "kk": " арты"}
_RECTO_WORD = {"en": "r", "ru": "", "kk": ""}


@dataclass(frozen=True)
class Pinpoint:
    """Where in the item: ``kind`` is a CSL locator type (``folio`` or ``page``)."""

    kind: str
    number: int
    side: str = ""  # "r", "v" or "" (a page, or a folio whose side is not said)

    def identifier(self, lang: str) -> str:
        """The number as the language writes it: ``1v`` / ``1 об.`` / ``1 арты``."""
        if self.kind != "folio" or not self.side:
            return str(self.number)
        base = lang.lower().split("-")[0]
        words = _VERSO_WORD if self.side == "v" else _RECTO_WORD
        return f"{self.number}{words.get(base, words['en'])}"


def _side(word: str | None) -> str:
    if not word:
        return ""
    w = word.lower().rstrip(".")
    return "v" if w in ("v", "verso", "об", "оборот", "арты") else "r"


def parse_label(text: str) -> Pinpoint | None:
    """A label read as a folio or page, or ``None`` (``Front cover``, ``5``)."""
    text = " ".join(text.split())
    m = _PAGE.match(text)
    if m:
        return Pinpoint("page", int(m[1] or m[2]))
    m = _FOLIO.match(text)
    if m and (m[2] or not text.isdigit()):  # a bare number says neither page nor folio
        return Pinpoint("folio", int(m[1]), _side(m[2]))
    return None


def pinpoint(label: LangText | None) -> Pinpoint | None:
    """The first reading of any of the label's texts (plain or per language)."""
    if label is None:
        return None
    texts = [label.plain] if label.plain is not None else [v for _, v in label.texts]
    for text in texts:
        found = parse_label(text or "")
        if found:
            return found
    return None
