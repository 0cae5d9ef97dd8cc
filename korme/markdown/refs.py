"""Finding our Markdown extensions in source text, with positions, outside code."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

ITEM_LINE = re.compile(r"^::item[ \t]+(?P<id>\S+)(?P<rest>(?:[ \t]+\S+)*)[ \t]*$")
FIGURE_SIZES = ("wide", "full")  # ``::item ID 2 wide``: wider than the text, or the page
LINK = re.compile(r"\]\(\s*<?(?P<kind>item|section):(?P<target>[^)\s>#]*)(?:#[^)\s>]*)?>?")
FENCE = re.compile(r"^[ \t]{0,3}(```|~~~)")


@dataclass(frozen=True)
class FigureArgs:
    """What follows the id on an ``::item`` line: ``[N] [wide|full]``."""

    image: int = 1
    size: str = ""  # "", "wide" or "full"
    bad: str | None = None  # the first word that is neither
    bad_at: int = 0  # its offset in the words after the id


def figure_args(rest: str) -> FigureArgs:
    """``" 2 wide"`` → image 2, size ``wide``."""
    image, size, bad, at = 1, "", None, 0
    for n, word in enumerate(rest.split()):
        if n == 0 and word.isdigit():
            image = int(word)
        elif word in FIGURE_SIZES and not size:
            size = word
        elif bad is None:
            bad, at = word, rest.find(word)
    return FigureArgs(image, size, bad, at)


@dataclass(frozen=True)
class Ref:
    """A reference from Markdown to an item (figure or link) or a section."""

    kind: str  # "figure", "item" or "section"
    target: str
    image: int  # 1-based image number for figures, else 1
    line: int  # 1-based, relative to the body
    column: int
    bad_number: str | None = None  # a word after the id that is not a number, wide or full
    size: str = ""  # a figure's size: "", "wide" or "full"


def prose_lines(body: str) -> Iterator[tuple[int, str]]:
    """The body's lines (1-based numbers) outside fenced and indented code blocks."""
    fenced = False
    for i, line in enumerate(body.split("\n"), start=1):
        if FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced and not line.startswith(("    ", "\t")):
            yield i, line


def scan(body: str) -> list[Ref]:
    """Every ``::item`` line and ``item:``/``section:`` link in a Markdown body."""
    refs: list[Ref] = []
    for i, line in prose_lines(body):
        m = ITEM_LINE.match(line)
        if m:
            args = figure_args(m["rest"])
            if args.bad is None:
                refs.append(Ref("figure", m["id"], args.image, i,
                                7 + line[6:].find(m["id"]), size=args.size))
            else:
                refs.append(Ref("figure", m["id"], args.image, i,
                                m.start("rest") + args.bad_at + 1, bad_number=args.bad))
            continue
        for lm in LINK.finditer(line):
            refs.append(Ref(lm["kind"], lm["target"], 1, i, lm.start("kind") + 1))
    return refs
