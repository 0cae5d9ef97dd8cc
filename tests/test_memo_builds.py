"""Builds that reuse work kept in a Memo (``korme serve``) write exactly what a fresh build
writes, after every kind of edit."""

from __future__ import annotations

from pathlib import Path

import pytest

from korme.build import BuildOptions, build
from korme.memo import Memo

ITEMS = "exhibitions/letters/items.yaml"


def _pages(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*.html")}


def _fresh(site: Path, out: Path) -> dict[str, bytes]:
    build(BuildOptions(site, out, workers=1, quiet=True, search=False, drafts=True))
    return _pages(out)


SECTION = "exhibitions/letters/sections/01-introduction.kk.md"
EDITS = [  # file, old text, new text, what some page then shows
    (ITEMS, "Екінші хат", "Екінші хат (жаңа)", "(жаңа)"),  # a title: cards, catalogue…
    (ITEMS, "Краткое **описание**.", "Краткое *новое* описание.", "<em>новое</em>"),
    (ITEMS, "Р-1", "Р-1а", "Р-1а"),  # an identifier: metadata rows in the catalogue
    (SECTION, "items: [letter-1, letter-2]", "items: [letter-2]", None),  # featured items
    ("content/institutions.yaml", "Кітапхана", "Ұлттық кітапхана", "Ұлттық кітапхана"),
]


@pytest.mark.parametrize("path,old,new,shown", EDITS)
def test_memo_build_equals_fresh_build(site_copy, tmp_path: Path, path: str, old: str,
                                       new: str, shown: str | None) -> None:
    site = site_copy("mini")
    memo, served = Memo(), tmp_path / "served"
    options = BuildOptions(site, served, workers=1, quiet=True, search=False, drafts=True,
                           preview=True, memo=memo)
    build(options)
    assert memo.lasting("entries")  # the list pages' entries are kept
    edited = site / path
    text = edited.read_text("utf-8")
    assert old in text
    edited.write_text(text.replace(old, new), "utf-8")
    result = build(options)
    assert 0 < result.rendered <= result.pages
    fresh = _fresh(site, tmp_path / "fresh")
    served_pages = _pages(served)
    assert served_pages.keys() == fresh.keys()
    different = [p for p in fresh if fresh[p] != served_pages[p]]
    assert different == []
    if shown:
        assert any(shown.encode() in html for html in fresh.values())
