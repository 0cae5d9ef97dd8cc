"""Finding our Markdown extensions in source text, with positions, outside code."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

ITEM_LINE = re.compile(r"^::item[ \t]+(?P<id>\S+)(?:[ \t]+(?P<n>\S+))?[ \t]*$")
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
    bad_number: str | None = None  # the text after the id when it is not a number


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
            n = m["n"]
            if n is None or n.isdigit():
                refs.append(Ref("figure", m["id"], int(n or 1), i, 7 + line[6:].find(m["id"])))
            else:
                refs.append(Ref("figure", m["id"], 1, i, line.find(n) + 1, bad_number=n))
            continue
        for lm in LINK.finditer(line):
            refs.append(Ref(lm["kind"], lm["target"], 1, i, lm.start("kind") + 1))
    return refs
