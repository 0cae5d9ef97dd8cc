"""Ordinary Markdown links in source text (with positions) and the ids of rendered HTML.

Used by ``korme check`` to find ``#anchor`` links that lead nowhere and relative links to pages
that do not exist. Links inside code are ignored, as are images (``![…](…)``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from korme.markdown.refs import prose_lines

INLINE = re.compile(r"(?<!!)\[[^\]]*\]\(\s*<?(?P<target>[^)\s>]+)")
DEFINITION = re.compile(r"^[ ]{0,3}\[(?!\^)[^\]]+\]:[ \t]*<?(?P<target>[^\s>]+)")
CODE_SPAN = re.compile(r"`+[^`]*`+")
HTML_ID = re.compile(r"""\sid=["']([^"']+)["']""")


@dataclass(frozen=True)
class Link:
    """A link target written in Markdown, at a 1-based line and column of the body."""

    target: str
    line: int
    column: int


def scan_links(body: str) -> list[Link]:
    """Every inline link and link reference definition outside code."""
    links: list[Link] = []
    for i, line in prose_lines(body):
        text = CODE_SPAN.sub(lambda m: " " * len(m.group()), line)
        for pattern in (INLINE, DEFINITION):
            for m in pattern.finditer(text):
                links.append(Link(m["target"], i, m.start("target") + 1))
    return sorted(links, key=lambda link: (link.line, link.column))


def html_ids(html: str) -> set[str]:
    """The ``id`` attributes in a piece of HTML (the anchors a link may point to)."""
    return set(HTML_ID.findall(html))
