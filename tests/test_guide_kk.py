"""The Kazakh curator's guide has the English guide's chapters, in the same order."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from tests.conftest import REPO

EN = REPO / "docs/content-format.md"
KK = REPO / "docs/content-format.kk.md"


def _outline(guide: Path) -> tuple[list[str], list[tuple[str, str]]]:
    """The levels of the ``##``/``###`` headings and the fenced blocks (info string, text)."""
    headings: list[str] = []
    blocks: list[tuple[str, str]] = []
    fence: str | None = None
    body: list[str] = []
    for line in guide.read_text("utf-8").split("\n"):
        stripped = line.strip()
        if stripped.startswith("```"):
            if fence is None:
                fence, body = stripped[3:].strip(), []
            else:
                blocks.append((fence, "\n".join(body)))
                fence = None
        elif fence is not None:
            body.append(line)
        elif m := re.match(r"^(#{2,3}) ", line):
            headings.append(m[1])
    assert fence is None, f"a fenced block is not closed in {guide}"
    return headings, blocks


def test_the_kazakh_guide_has_every_chapter_of_the_english_one() -> None:
    en_headings, en_blocks = _outline(EN)
    kk_headings, kk_blocks = _outline(KK)
    assert kk_headings == en_headings
    assert [info for info, _ in kk_blocks] == [info for info, _ in en_blocks]


def test_the_kazakh_guides_yaml_examples_parse() -> None:
    _, blocks = _outline(KK)
    yaml_blocks = [text for info, text in blocks if info == "yaml"]
    assert yaml_blocks
    for text in yaml_blocks:
        assert yaml.safe_load(text) is not None, text


def test_the_kazakh_guide_links_the_other_guides() -> None:
    top = KK.read_text("utf-8").split("\n## ", 1)[0]
    assert "(content-format.md)" in top and "(content-format.ru.md)" in top
