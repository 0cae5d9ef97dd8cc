"""Small units with many cases: languages, fallbacks, EDTF wording, relative links."""

from __future__ import annotations

import pytest

from korme.dates import format_edtf, parse_date
from korme.i18n import LangText, direction, language_name
from korme.load.reader import parse_yaml
from korme.theme import default_theme_dir
from korme.urls import Linker


def strings(lang: str) -> dict[str, str]:
    en = parse_yaml((default_theme_dir() / "i18n/en.yaml").read_text("utf-8"), "en").data
    own = parse_yaml((default_theme_dir() / f"i18n/{lang}.yaml").read_text("utf-8"), lang).data
    return {**en, **own}


@pytest.mark.parametrize(("edtf", "lang", "locale", "text"), [
    ("159X", "kk", "kk", "1590 жылдар"),
    ("159X", "ru", "ru", "1590-е годы"),
    ("159X", "en", "en", "1590s"),
    ("15XX", "kk", "kk", "XVI ғасыр"),
    ("15XX", "ru", "ru", "XVI век"),
    ("15XX", "en", "en", "16th century"),
    ("1720~", "ru", "ru", "около 1720 г."),
    ("1720~", "en", "en", "c. 1720"),
    ("1720?", "kk", "kk", "1720 ж. (?)"),
    ("1850/1870", "kk", "kk", "1850–1870 жж."),
    ("1850/1870", "en", "en", "1850–1870"),
    ("1925-05-12", "en", "en", "May 12, 1925"),
    ("1890-04", "ru", "ru", "апрель 1890\u202fг."),
])
def test_edtf_wording(edtf: str, lang: str, locale: str, text: str) -> None:
    assert format_edtf(parse_date(edtf), locale, strings(lang)) == text


@pytest.mark.parametrize(("edtf", "centuries"), [
    ("159X", [16]), ("15XX", [16]), ("1720~", [18]), ("1850/1870", [19]),
    ("1890/1910", [19, 20]), ("1925-05-12", [20]), ("1500", [16]),
])
def test_century_span(edtf: str, centuries: list[int]) -> None:
    assert list(parse_date(edtf).centuries) == centuries


def test_bad_edtf_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="is not an EDTF date"):
        parse_date("spring 1900")


def test_fallback_order_and_marking() -> None:
    value = LangText.of({"ru": "Рукопись", "fa": "نسخه"})
    kk = value.resolve("kk", ("kk", "ru", "en"))
    assert (kk.text, kk.lang, kk.fallback) == ("Рукопись", "ru", True)
    only_fa = LangText.of({"fa": "نسخه"}).resolve("kk", ("kk", "ru"))
    assert (only_fa.lang, only_fa.dir, only_fa.fallback) == ("fa", "rtl", True)
    assert LangText.of("Р-142").resolve("kk", ("kk",)).lang == ""
    assert [o.lang for o in value.originals(("kk", "ru"))] == ["fa"]
    assert LangText.of({"KK": "Қ"}).get("kk") == "Қ"  # codes match case-insensitively


@pytest.mark.parametrize(("tag", "dir_"), [
    ("kk", "ltr"), ("ru", "ltr"), ("fa", "rtl"), ("ar", "rtl"), ("kk-Arab", "rtl"),
    ("kk-Latn", "ltr"), ("chg", "rtl"), ("ug", "rtl"), ("he", "rtl"),
])
def test_direction(tag: str, dir_: str) -> None:
    assert direction(tag) == dir_


def test_language_names_come_from_cldr() -> None:
    assert language_name("fa", "kk") == "парсы тілі"
    assert language_name("fa", "ru") == "персидский"
    assert language_name("chg", "ru") == "чагатайский"


@pytest.mark.parametrize(("here", "target", "offline", "link"), [
    ("kk/ex/items/a/", "kk/ex/", False, "../../"),
    ("kk/ex/items/a/", "media/x.avif", False, "../../../../media/x.avif"),
    ("kk/ex/items/a/", "kk/ex/items/a/", False, "./"),
    ("kk/", "kk/ex/", True, "ex/index.html"),
    ("kk/", "kk/", True, "index.html"),
    ("index.html", "kk/", False, "kk/"),
    ("index.html", "static/s.css", False, "static/s.css"),
])
def test_relative_links(here: str, target: str, offline: bool, link: str) -> None:
    assert Linker(here, offline)(target) == link


@pytest.mark.parametrize("text", [
    "1863", "1925-05-12", "1890-04", "1720~", "1720?", "1720%", "159X", "15XX", "1850/1870",
    "1890-04/1891-02-03", "159X/16XX", "2000-02-29",
])
def test_fast_edtf_grammar_agrees_with_the_edtf_package(text: str) -> None:
    from edtf import parse_edtf

    ours = parse_date(text)
    theirs = parse_edtf(text)
    lo, hi = theirs.lower_strict(), theirs.upper_strict()
    assert ours.simple
    assert ours.lower == (lo.tm_year, lo.tm_mon, lo.tm_mday)
    assert ours.upper == (hi.tm_year, hi.tm_mon, hi.tm_mday)


@pytest.mark.parametrize("text", ["1900-13", "2001-02-29", "1900/1800", "about 1900", "",
                                  "1984?-06~"])
def test_invalid_dates_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_date(text)


def test_other_edtf_forms_go_to_the_edtf_package() -> None:
    for text, year in (("2004-06~-11", 2004), ("19X0", 1900), ("1985-04-12/..", 1985)):
        d = parse_date(text)  # partial qualification, unspecified digit, open interval
        assert not d.simple and d.first_year == year
