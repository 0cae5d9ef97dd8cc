"""The engine converts each text with only the converter parts that can act on it: the HTML must
be exactly what the full converter makes, whatever the text."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.markdown.render import MarkdownEngine

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
    return engine.converter(frozenset()).convert(text, lambda _i, _n: "", lambda _k, _t: "",
                                                 "back")


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_fast_converters_make_the_same_html(text: str) -> None:
    engine = MarkdownEngine()
    assert engine.convert(text, lambda _i, _n: "", lambda _k, _t: "", "back") == _full(text)


def test_sample_texts_make_the_same_html() -> None:
    engine = MarkdownEngine()
    texts = []
    for path in (ROOT / "exhibitions").rglob("*.yaml"):
        texts.extend(_strings(yaml.safe_load(path.read_text("utf-8"))))
    texts.extend(p.read_text("utf-8") for p in (ROOT / "exhibitions").rglob("*.md"))
    assert len(texts) > 50
    for text in texts:
        assert engine.convert(text, lambda _i, _n: "", lambda _k, _t: "", "back") == _full(text)


def test_a_plain_text_skips_the_optional_parts() -> None:
    engine = MarkdownEngine()
    engine.convert("Plain words.", lambda _i, _n: "", lambda _k, _t: "", "back")
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
