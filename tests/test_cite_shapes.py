"""Citations made from shapes (korme.cite.shapes) are the engine's own, byte for byte.

Every record below is formatted twice, by citeproc-py on its own (``render.engine``) and
through its shape (``render._render``), in every style, in Kazakh, Russian and English, as an
entry and with a folio as a note; the texts are the ones that defeat a shape: titles that a
style title-cases (English) or capitalises, texts ending or starting with the punctuation
citeproc-py drops when doubled, escaped ``&`` (ending in ``;``), doubled spaces, right-to-left
titles, texts that look like stand-ins, numbers, years a stand-in year cannot take (three
digits, ranges), names, a literal date. Records of a shape already seen must not call the
engine again.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from korme.cite import render, shapes
from korme.cite.styles import STYLES

BASE: dict[str, Any] = {
    "id": "ex/one", "type": "manuscript", "title": "Экспонат 1", "language": "ru",
    "issued": {"date-parts": [[1879]], "raw": "1879"}, "archive": "Национальная библиотека",
    "archive_location": "Р-142", "container-title": "Памятники степи", "genre": "рукопись",
    "URL": "https://example.org/ru/steppe/items/one/",
    "accessed": {"date-parts": [[1111, 11, 11]]},
}
TITLES = ["Экспонат 2", "the book of the steppe", "Dr. Who.", "Why?", ". leading period",
          "Double  space", "A & B", "qa00x qak Qa.z", "شاهنامه", "1357", "Abai: poems",
          "UPPER TITLE", "«Цитата»", ";", "x"]
OTHER: list[dict[str, Any]] = [
    {"archive_location": "Ф. 1, оп. 2, д. 3."},
    {"archive": "Library & Archive"},
    {"issued": {"date-parts": [[987]]}},
    {"issued": {"date-parts": [[1850], [1870]], "raw": "1850/1870"}},
    {"issued": {"date-parts": [[1896, 5, 3]], "raw": "1896-05-03"}},
    {"issued": {"literal": "ок. 1720"}},
    {"issued": {"date-parts": [[1896]], "raw": "1896~", "circa": 1}},
    {"author": [{"family": "Алтынсарин", "given": "Ыбырай"}]},
    {"author": [{"literal": "Фирдоуси"}], "language": "fa"},
    {"type": "book", "publisher": "Типография", "publisher-place": "Оренбург",
     "number-of-pages": "VIII, 176"},
    {"type": "graphic", "genre": "photograph", "language": "en",
     "title": "abai with his students"},
    {"dimensions": "32 × 21 см.", "keyword": "poetry, history"},
]


def records() -> list[dict[str, Any]]:
    out = [{**BASE, "title": t} for t in TITLES]
    out += [{**BASE, **extra} for extra in OTHER]
    return out


def _as_style(record: dict[str, Any], style: str) -> dict[str, Any]:
    """The exhibition as the other styles are given it (korme.cite.render.render_record)."""
    if style == "gost":
        return record
    out = dict(record)
    out["source"] = out.pop("container-title")
    return out


CASES = [(s, lang, point) for s in STYLES for lang in ("kk", "en")
         for point in (None, ("folio", "1 об."))]


@pytest.mark.parametrize(("style", "lang", "point"), CASES)
def test_shapes_give_the_engines_bytes(style: str, lang: str, point: Any) -> None:
    for record, note in itertools.product(records(), (False, True)):
        if note and point is None:
            continue
        rec = _as_style(record, style)
        locator = render.Locator(*point) if point else None
        direct = render.engine(render._escaped(rec), style, lang, point, note)
        assert render._render(rec, style, lang, locator, note) == direct, (style, lang, rec)


def test_a_shape_seen_is_not_formatted_again() -> None:
    calls: list[str] = []

    def counting(record: dict[str, Any], style: str, lang: str, point: Any,
                 note: bool) -> str:
        calls.append(record["id"])
        return render.engine(record, style, lang, point, note)

    made = []
    for n in range(1, 30):
        rec = {**BASE, "title": f"Экспонат {n}", "archive_location": f"Р-{n}",
               "issued": {"date-parts": [[1500 + n]], "raw": str(1500 + n)},
               "URL": f"https://example.org/ru/steppe/items/{n}/"}
        made.append(shapes.shaped(render._escaped(rec), "chicago", "ru", None, False,
                                  counting))
        assert made[-1] == render.engine(render._escaped(rec), "chicago", "ru", None, False)
    assert "Экспонат 29" in made[-1] and "1529" in made[-1] and "Р-29" in made[-1]
    assert len(calls) <= 4  # one shape: two sets of stand-ins (twice if a field is kept)
