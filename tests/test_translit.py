"""Spellings for search: Kazakh Cyrillic ↔ 2021 Latin ↔ ASCII, Persian/Arabic letter forms."""

from __future__ import annotations

import pytest

from korme.search.translit import (
    canonical,
    index_forms,
    query_table,
    slugify,
    to_ascii,
    to_latin,
    word_forms,
)


@pytest.mark.parametrize(("cyrillic", "latin", "ascii_"), [
    ("Қазақстан", "qazaqstan", "qazaqstan"),
    ("Әбілқасым", "äbılqasym", "abilqasym"),
    ("Шежіре", "şejıre", "sejire"),
    ("Ұлттық кітапхана", "ūlttyq kıtaphana", "ulttyq kitaphana"),
    ("Өңір үйі", "öñır üiı", "onir uii"),
    ("Ғылым", "ğylym", "gylym"),
    ("Чоқан", "çoqan", "coqan"),
])
def test_kazakh_cyrillic_to_2021_latin_and_ascii(cyrillic: str, latin: str, ascii_: str) -> None:
    assert to_latin(cyrillic) == latin
    assert to_ascii(cyrillic) == ascii_
    # every spelling meets in the same canonical form
    assert canonical(cyrillic) == canonical(latin) == canonical(ascii_) == ascii_


def test_ascii_digraphs_are_indexed_too() -> None:
    assert to_ascii("Шежіре", digraphs=True) == "shejire"
    assert {"shejire", "sejire", "şejıre", "шежире"} <= word_forms("Шежіре")


@pytest.mark.parametrize("variant", ["كليات", "کليات", "كلیات", "کُلّیات", "كُلِّيّات", "كلـيات"])
def test_arabic_letter_variants_and_marks_meet(variant: str) -> None:
    assert canonical(variant) == "کلیات"


def test_persian_words_index_their_arabic_letter_form() -> None:
    assert word_forms("کلیات") == {"كليات"}
    assert canonical("شاهنامة") == canonical("شاهنامه")
    assert canonical("۱۲۳٤") == "1234"


def test_index_forms_leave_out_the_words_themselves() -> None:
    text = index_forms(["Абай хаты", "Abai", "қолжазба"])
    assert text.split() == ["abai", "haty", "qoljazba", "колжазба"]  # each once, in order


def test_slugs_from_any_script() -> None:
    assert slugify("Поэзия") == "poeziia"
    assert slugify("Қазақ әдебиеті") == "qazaq-adebieti"
    assert slugify("Шежіре") == "shejire"
    assert slugify("Local history") == "local-history"
    assert slugify("شعر").startswith("s-") and slugify("شعر") != slugify("نثر")


def test_query_table_is_plain_characters() -> None:
    table = query_table()
    assert all(len(k) == 1 for k in table)
    assert table["қ"] == "q" and table["ي"] == "ی" and table["\u064e"] == ""
