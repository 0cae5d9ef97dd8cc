"""Messages for curators exist in every language: kk, ru and en (the English shown)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from korme.l10n import LANGUAGES, LOCALE_DIR, Catalog, _, choose_language

PACKAGE = Path(__file__).parent.parent / "korme"


def source_messages() -> set[str]:
    """Every ``_("…")`` message id in the package's code."""
    found = extract_from_dir(str(PACKAGE), method_map=[("**.py", "python")],
                             keywords={"_": None})
    return {msg for _file, _line, msg, _comments, _ctx in found if isinstance(msg, str)}


@pytest.mark.parametrize("lang", ["en", "kk", "ru"])
def test_every_message_is_translated(lang: str) -> None:
    with (LOCALE_DIR / lang / "LC_MESSAGES" / "korme.po").open("rb") as f:
        catalog = read_po(f, locale=lang)
    done = {m.id for m in catalog if m.id and m.string and not m.fuzzy}
    missing = sorted(source_messages() - done)
    assert not missing, f"not translated into {lang}: {missing[:20]}"
    for m in catalog:  # the translation has the English text's {fields}, and no others
        if m.id and m.string:
            assert sorted(set(_fields(m.string))) == sorted(set(_fields(m.id))), \
                f"{lang}: {m.id!r} has {_fields(m.string)}"


def test_the_languages_are_the_catalogues() -> None:
    """Every language messages are offered in has its catalogue, and each is read."""
    assert sorted(p.name for p in LOCALE_DIR.iterdir() if (p / "LC_MESSAGES" / "korme.po")
                  .is_file()) == sorted(LANGUAGES)
    for lang in LANGUAGES:
        assert Catalog.load(lang).lang == lang
        assert len(Catalog.load(lang).messages) >= len(source_messages())


def test_english_is_read_from_its_catalogue() -> None:
    """The English shown comes from the en catalogue (its wording can change there)."""
    english = Catalog.load("en")
    assert Catalog.english() is english
    assert english.get("warning: {message}") == "warning: {message}"
    assert "warning: {message}" in english.messages


def _fields(text: str) -> list[str]:
    import string

    return ["{" + name + "}" for _, name, _, _ in string.Formatter().parse(text) if name]


def test_language_choice_order() -> None:
    env = {"KORME_LANG": "ru", "LANG": "kk_KZ.UTF-8"}
    assert choose_language("kk", env) == "kk"
    assert choose_language(None, env) == "ru"
    assert choose_language(None, {"LANG": "kk_KZ.UTF-8"}) == "kk"
    assert choose_language(None, {"LANG": "C.UTF-8"}) == "en"
    assert choose_language(None, {"KORME_LANG": "xx", "LANG": "ru_RU.UTF-8"}) == "ru"


def test_a_message_in_each_language() -> None:
    text = _("warning: {message}", message="x")
    assert str(text) == "warning: x"
    assert text.render(Catalog.load("ru")) == "предупреждение: x"
    assert text.render(Catalog.load("kk")) == "ескерту: x"


def _shadowing(tree: ast.AST) -> list[str]:
    """Functions that call ``_()`` and also assign ``_`` (``a, _, b = …``): the call fails."""
    out = []
    for fn in ast.walk(tree):
        if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        in_comprehensions = {id(n) for c in ast.walk(fn) if isinstance(c, ast.comprehension)
                             for n in ast.walk(c.target)}  # those have their own scope
        names = [n for n in ast.walk(fn) if isinstance(n, ast.Name) and n.id == "_"
                 and id(n) not in in_comprehensions]
        if any(isinstance(n.ctx, ast.Store) for n in names) and any(
                isinstance(c, ast.Call) and isinstance(c.func, ast.Name) and c.func.id == "_"
                for c in ast.walk(fn)):
            out.append(f"{fn.name}:{fn.lineno}")
    return out


def test_no_function_hides_the_message_function() -> None:
    found = {str(p.relative_to(PACKAGE)): _shadowing(ast.parse(p.read_text("utf-8")))
             for p in PACKAGE.rglob("*.py")}
    assert not {k: v for k, v in found.items() if v}
