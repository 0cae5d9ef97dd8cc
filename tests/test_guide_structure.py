"""A translated curator's guide has every chapter of the English one, and its examples work.

The English guide (docs/content-format.md) is the reference; a translation keeps its chapters
in the same order (so the two can be read side by side) and the same examples: the same fenced
blocks, YAML that our loader reads with the same keys (values may be translated), shell
commands that run. A guide that stops after its first chapters fails here.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest

from korme.load.reader import Located, YamlProblem, parse_yaml
from tests.conftest import REPO, run

ENGLISH = REPO / "docs/content-format.md"
# the translations that are complete; a language joins when its guide has every chapter
COMPLETE = {"ru": REPO / "docs/content-format.ru.md", "kk": REPO / "docs/content-format.kk.md"}


def _parts(guide: Path) -> tuple[list[str], list[tuple[str, str]]]:
    """The ``##``/``###`` headings and the fenced blocks (info string, text), in order."""
    headings: list[str] = []
    blocks: list[tuple[str, str]] = []
    fence: str | None = None
    lines: list[str] = []
    for line in guide.read_text("utf-8").split("\n"):
        stripped = line.strip()
        if stripped.startswith("```"):
            if fence is None:
                fence, lines = stripped[3:].strip(), []
            else:
                indent = len(line) - len(line.lstrip())
                blocks.append((fence, "\n".join(x[indent:] for x in lines)))
                fence = None
        elif fence is not None:
            lines.append(line)
        elif re.match(r"#{2,3} ", line):
            headings.append(line)
    assert fence is None, f"{guide}: a fenced block is not closed"
    return headings, blocks


def _skeleton(value: Any) -> Any:
    """The keys of a YAML value, its texts left out."""
    if isinstance(value, dict):
        return {k: _skeleton(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_skeleton(v) for v in value]
    return None


def _read(text: str, where: str) -> Located:
    try:
        located = parse_yaml(text, where)
    except YamlProblem as exc:
        raise AssertionError(f"{exc.position}: {exc.message}") from None
    assert not located.problems, (where, located.problems)
    return located


def _front_matter_and_directives(text: str) -> tuple[str, list[str]]:
    """A Markdown example's front matter (YAML) and its ``::`` lines (Kórme's own syntax)."""
    front = text.split("---\n")[1] if text.startswith("---\n") else ""
    return front, [line for line in text.split("\n") if line.startswith("::")]


def _anchor(heading: str) -> str:
    """The anchor GitHub (and most Markdown viewers) give a heading."""
    text = heading.lstrip("#").strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


@pytest.mark.parametrize("lang", sorted(COMPLETE))
def test_the_translation_has_every_chapter_and_example(lang: str) -> None:
    en_headings, en_blocks = _parts(ENGLISH)
    headings, blocks = _parts(COMPLETE[lang])
    assert [h.split(" ")[0] for h in headings] == [h.split(" ")[0] for h in en_headings], (
        [h for h in headings], en_headings)
    assert [info for info, _ in blocks] == [info for info, _ in en_blocks]


@pytest.mark.parametrize("lang", ["en", *sorted(COMPLETE)])
def test_every_yaml_example_reads_with_the_keys_korme_reads(lang: str) -> None:
    guide = COMPLETE.get(lang, ENGLISH)
    yaml_blocks = [text for info, text in _parts(guide)[1] if info == "yaml"]
    en_yaml = [text for info, text in _parts(ENGLISH)[1] if info == "yaml"]
    assert len(yaml_blocks) == len(en_yaml) >= 10
    for n, (text, en_text) in enumerate(zip(yaml_blocks, en_yaml, strict=True)):
        located = _read(text, f"{guide.name}, YAML example {n + 1}")
        assert _skeleton(located.data) == _skeleton(_read(en_text, "en").data), (n, text)
    markdown = [_front_matter_and_directives(t) for i, t in _parts(guide)[1] if i == "markdown"]
    en_markdown = [_front_matter_and_directives(t) for i, t in _parts(ENGLISH)[1]
                   if i == "markdown"]
    assert len(markdown) == len(en_markdown) >= 3
    pairs = zip(markdown, en_markdown, strict=True)
    for n, ((front, lines), (en_front, en_lines)) in enumerate(pairs):
        assert lines == en_lines, (n, lines, en_lines)
        where = f"{guide.name}, Markdown example {n + 1}"
        assert _skeleton(_read(front, where).data) == _skeleton(_read(en_front, "en").data)


@pytest.mark.parametrize("lang", ["en", *sorted(COMPLETE)])
def test_links_within_the_guide_reach_a_heading_and_pictures_exist(lang: str) -> None:
    guide = COMPLETE.get(lang, ENGLISH)
    text = guide.read_text("utf-8")
    anchors = {_anchor(h) for h in _parts(guide)[0]}
    links = re.findall(r"\]\(#([^)]+)\)", text)
    assert links and set(links) <= anchors, (set(links) - anchors, anchors)
    pictures = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text)
    assert pictures and all((guide.parent / p).is_file() for p in pictures), pictures
    if lang != "en":
        assert pictures == re.findall(r"!\[[^\]]*\]\(([^)]+)\)", ENGLISH.read_text("utf-8"))
        opening = text[:600]
        others = {"content-format.md", *(f"content-format.{c}.md" for c in COMPLETE)}
        others.discard(guide.name)
        assert all(f"({name})" in opening for name in others), (others, opening)


@pytest.mark.parametrize("lang", ["en", *sorted(COMPLETE)])
def test_the_guides_shell_example_makes_the_site_it_describes(
        lang: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    guide = COMPLETE.get(lang, ENGLISH)
    commands = [shlex.split(line) for info, text in _parts(guide)[1] if info == "sh"
                for line in text.split("\n") if line.startswith("korme ")]
    assert commands
    monkeypatch.chdir(tmp_path)
    for words in commands:
        assert run(*words[1:]) == 0, words
    site = (tmp_path / "my-museum/site.yaml").read_text("utf-8")
    assert "languages: [kk, ru, en]" in site and "Менің мұражайым" in site
