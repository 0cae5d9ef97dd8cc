"""Finding our Markdown extensions in source text, with positions, outside code."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from korme.markdown.directives import Directive, Region, parse_line

LINK = re.compile(r"\]\(\s*<?(?P<kind>item|section):(?P<target>[^)\s>#]*)(?:#[^)\s>]*)?>?")
FENCE = re.compile(r"^[ \t]{0,3}(```|~~~)")


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
    directive: str = ""  # for figures: "item", "compare" or "focus"
    region: Region | None = None
    region_text: str = ""  # as written ("" when none; set with region None: malformed)
    region_column: int = 0


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
        d = parse_line(line)
        if d is not None:
            refs.extend(_figure_refs(d, i))
            continue
        for lm in LINK.finditer(line):
            refs.append(Ref(lm["kind"], lm["target"], 1, i, lm.start("kind") + 1))
    return refs


def _figure_refs(d: Directive, line: int) -> list[Ref]:
    """The images a directive line names (or the word that is wrong in it)."""
    if d.bad is not None:
        first = d.targets[0].item if d.targets else ""
        return [Ref("figure", first, 1, line, d.bad_column, bad_number=d.bad, directive=d.kind)]
    return [Ref("figure", t.item, t.image, line, t.column, size=d.size, directive=d.kind,
                region=t.region, region_text=t.region_text, region_column=t.region_column)
            for t in d.targets]
