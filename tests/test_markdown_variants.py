"""The engine converts each text with only the converter parts that can act on it: the HTML must
be exactly what the full converter makes, whatever the text."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from korme.markdown.plain import plain_html
from korme.markdown.render import MarkdownEngine, sanitise

ROOT = Path(__file__).resolve().parent.parent

# pieces that switch each optional part on, mixed with prose and line structure
PIECES = [
    "word", "слово", "کتاب", " ", "  ", "\n", "\n\n", "\t", "\r\n", "\r", "*", "**", "_", "__", "`",
    "```", "~~~", "\\", "[", "]", "(", ")", "![", "[^1]", "[^1]: note", "[^x]:", "<", ">",
    "<b>", "</b>", "<https://example.org>", "<a@b.kz>", "&amp;", "&", "#", "## ", "---",
    "===", "- ", "1. ", "> ", "|", "| a | b |\n|---|---|\n| 1 | 2 |", "{: .x}", "{#id}",
    "[TOC]", "[t](https://x.kz)", "[r]: https://r.kz", "    code", "&#1234;", "-", "=",
]


def _full(text: str) -> str:
    engine = MarkdownEngine()
    return engine.converter(frozenset()).convert(text, lambda _d: "", lambda _k, _t: "",
                                                 "back")


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_fast_converters_make_the_same_html(text: str) -> None:
    engine = MarkdownEngine()
    assert engine.convert(text, lambda _d: "", lambda _k, _t: "", "back") == _full(text)


def test_sample_texts_make_the_same_html() -> None:
    engine = MarkdownEngine()
    texts = []
    for path in (ROOT / "exhibitions").rglob("*.yaml"):
        texts.extend(_strings(yaml.safe_load(path.read_text("utf-8"))))
    texts.extend(p.read_text("utf-8") for p in (ROOT / "exhibitions").rglob("*.md"))
    assert len(texts) > 50
    for text in texts:
        assert engine.convert(text, lambda _d: "", lambda _k, _t: "", "back") == _full(text)


def test_a_plain_text_skips_the_optional_parts() -> None:
    engine = MarkdownEngine()
    engine.convert("Plain *words*.", lambda _d: "", lambda _k, _t: "", "back")
    (without,) = engine._converters
    assert ("tree", "toc") in without and ("inline", "footnote") in without


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


# the plain-prose fast path: texts of that shape, and near misses, must give Python-Markdown's HTML
WORDS = st.sampled_from(["Қолжазба", "ғасыр", "рукопись", "XVII", "1890", "жж.", "(ред.)",
                         "«Абай»", '"цитата"', "'a'", "—", "-", "…", "5.", ":", ";", "?", "%",
                         "№", "$", "@", "^", "=", "+", "•", "\u00a0", "\u2028", "\x85",
                         "http://x.kz/a_b", "é", "ﻻ", "سطر"])
LINE = st.lists(st.one_of(WORDS, st.sampled_from(["[^1]", "[^2]", "[^n]"])), min_size=1,
                max_size=12).map(" ".join)
PARAGRAPH = st.lists(LINE, min_size=1, max_size=3).map("\n".join)
NOTES = st.lists(st.tuples(st.sampled_from(["1", "2", "n"]), LINE), max_size=3).map(
    lambda notes: "\n".join(f"[^{label}]: {text}" for label, text in notes))
PROSE = st.tuples(st.lists(PARAGRAPH, min_size=1, max_size=3), NOTES,
                  st.sampled_from(["\n\n", "\n\n\n", "\n"])).map(
    lambda t: t[2].join(t[0]) + ("\n\n" + t[1] if t[1] else "") + "\n")


@settings(max_examples=600, deadline=None)
@given(PROSE)
def test_plain_prose_fast_path_makes_python_markdowns_html(text: str) -> None:
    fast = plain_html(text, 'Back "to" <text>')
    if fast is not None:
        assert sanitise(fast) == MarkdownEngine().converter(frozenset()).convert(
            text, lambda _d: "", lambda _k, _t: "", 'Back "to" <text>')


def test_plain_prose_takes_the_fast_path() -> None:
    text = "Қолжазба XVII ғасыр[^1].\nЕкінші жол.\n\nТағы[^2] бір.\n\n[^1]: Ескерту.\n[^2]: Тағы."
    assert plain_html(text, "back") is not None
    for other in ("*Бір*.", "[сілтеме](https://x.kz)", "- тізім", "# Тақырып", "a &amp; b",
                  "Бір[^1].", "a  \nb", "\tкод", "::item ms-1"):
        assert plain_html(other, "back") is None
