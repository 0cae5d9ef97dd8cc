"""Labels in the alphabetical order of the page's language (korme.collate)."""

from __future__ import annotations

from korme.collate import KAZAKH, sort_key


def ordered(words: list[str], lang: str) -> list[str]:
    return sorted(words, key=lambda w: sort_key(w, lang))


def test_kazakh_letters_sort_in_their_place() -> None:
    """Before, code points put Ә Ғ Қ Ң Ө Ұ Ү Һ І after Я ("Фотосурет, Хат, Қолжазба, Құжат")."""
    assert ordered(["Фотосурет", "Хат", "Қолжазба", "Құжат", "Карта", "Кітап", "Мөр ізі"],
                   "kk") == ["Карта", "Кітап", "Қолжазба", "Құжат", "Мөр ізі", "Фотосурет", "Хат"]
    assert ordered(["Эпос", "Іс қағаздары", "Қазан баспалары", "Әліпби реформасы", "Ыдыс",
                    "Абай"], "kk") == ["Абай", "Әліпби реформасы", "Қазан баспалары", "Ыдыс",
                                       "Іс қағаздары", "Эпос"]
    assert ordered(["Үй", "Ұлт", "Ёлка", "Ер"], "kk") == ["Ер", "Ёлка", "Ұлт", "Үй"]
    assert len(KAZAKH) == 42 and len(set(KAZAKH)) == 42


def test_russian_sorts_yo_with_ye_and_case_and_marks_break_ties() -> None:
    assert ordered(["ёж", "ель", "Еж", "еж", "Ежевика", "Яблоко"], "ru") == [
        "еж", "Еж", "ёж", "Ежевика", "ель", "Яблоко"]


def test_other_letters_by_their_base_letter_and_scripts_in_the_page_language_order() -> None:
    assert ordered(["Zebra", "Épée", "apple", "Eagle"], "en") == ["apple", "Eagle", "Épée",
                                                                   "Zebra"]
    # Cyrillic first on Kazakh and Russian pages; after Latin and Greek elsewhere
    assert ordered(["seal impression", "Хат"], "kk") == ["Хат", "seal impression"]
    assert ordered(["Хат", "seal impression", "شاهنامه"], "en") == [
        "seal impression", "Хат", "شاهنامه"]
    assert ordered(["10", "2", " a", "a"], "en") == [" a", "10", "2", "a"]  # as CLDR's root
