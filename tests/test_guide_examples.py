"""The guides' examples of messages (en, kk, ru) are what Kórme prints for the same mistakes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import REPO, run

ITEMS = "exhibitions/letters/items.yaml"
INTRO_KK = "exhibitions/letters/sections/01-introduction.kk.md"
GUIDES = {"ru": REPO / "docs/content-format.ru.md", "kk": REPO / "docs/content-format.kk.md"}


def _edit(site: Path, rel: str, old: str, new: str) -> None:
    path = site / rel
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def _example_block(guide: Path) -> list[str]:
    """The lines of the first fenced block that starts with a file path (the errors)."""
    block: list[str] | None = None
    for line in guide.read_text("utf-8").split("\n"):
        if line.strip().startswith("```"):
            if block is not None and block and block[0].startswith("exhibitions/"):
                return block
            block = [] if block is None else None
        elif block is not None:
            block.append(line)
    raise AssertionError(f"no example of messages in {guide}")


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_the_guides_error_example(site_copy, tmp_path: Path, capsys, lang: str) -> None:
    site = site_copy("mini")
    out = site / "_site"
    assert run("build", "--site", site, "--workers", "1", "-q") == 0
    _edit(site, ITEMS, '  title: {kk: "Хат"', '  titel: {kk: "Хат"')
    _edit(site, INTRO_KK, "::item letter-1 2", "::item leter-1 2")
    capsys.readouterr()
    assert run("build", "--site", site, "-q", "--lang", lang) == 1
    printed = capsys.readouterr().err.replace(str(out), "_site").split("\n")
    for line in _example_block(GUIDES[lang]):
        assert line in printed, (line, printed)


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_the_guides_inline_examples(tmp_path: Path, capsys, lang: str) -> None:
    site = tmp_path / "site"
    assert run("new", "site", site) == 0
    card = site / "exhibitions/first-exhibition/exhibition.yaml"
    card.write_text(card.read_text("utf-8").replace("status: draft", "status: published"),
                    "utf-8")
    _edit(site, "site.yaml", "languages: [kk, ru]", "languages: [kk, ru, kz]")
    capsys.readouterr()
    run("check", "--site", site, "-q", "--lang", lang)
    kz = capsys.readouterr().out
    _edit(site, "site.yaml", "languages: [kk, ru, kz]", "languages: [kk, ru]")
    run("check", "--site", site, "-q", "--lang", lang)
    placeholders = capsys.readouterr().out
    guide = GUIDES[lang].read_text("utf-8")
    quoted = {re.sub(r"\s+", " ", q) for q in re.findall(r"`([^`]*)`", guide, flags=re.S)}
    found = [q for q in quoted if "'kz'" in q]
    assert found and all(q in kz for q in found), (found, kz)
    found = [q for q in quoted if "korme new" in q and "items.yaml" in q]
    assert found and all(q in placeholders for q in found), (found, placeholders)
