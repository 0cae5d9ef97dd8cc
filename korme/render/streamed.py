"""A long page's head, made after its body, so that the body is written as it is made.

``base.html`` makes a page's main content before its head: the pictures' shape and colour
rules go into the head's hashed ``<style>``, and the web font is preloaded only where the main
content shows Arabic script. A short page holds its main content for that. A long list (a
catalogue of 20,000 entries: tens of millions of characters) does not: its template gets
``streamed`` (a :class:`HeadLast`), writes the body as it comes, marks where the main content
begins and ends, and makes the head at the very end; the page's writer puts it in front
(:class:`korme.outputs.PageStream`, :meth:`korme.pagesink.PageSink.take_pieces`). The bytes are
the same either way.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable, Iterator

from markupsafe import Markup

WATCH = 4096  # main-content pieces looked at together for Arabic script


class HeadLast:
    """The template's side of a page whose head is made last (``streamed`` in templates)."""

    def __init__(self, uses_font: Callable[[str], bool] | None) -> None:
        self.uses_font = uses_font  # korme.fonts.WebFonts.used_in, when a font is published
        # a mark no content can hold: the body's pieces are looked at for it, and it is dropped
        self.mark = "\x00korme-main-" + secrets.token_hex(8)
        self.font = False  # whether the main content shows text in the web font's script
        self.html = ""

    def main_begins(self) -> Markup:
        """Put where the main content begins (nothing of it is written)."""
        return Markup(self.mark + "<")

    def main_ends(self) -> Markup:
        """Put where the main content ends."""
        return Markup(self.mark + ">")

    def put(self, head: str) -> str:
        """Keep the head, made last, for the writer to put in front of the body."""
        self.html = str(head)
        return ""

    def watch(self, pieces: Iterable[str]) -> Iterator[str]:
        """The body's pieces without the marks, noting whether the main content between them
        shows the font's script."""
        begin, end = self.mark + "<", self.mark + ">"
        held: list[str] = []  # main-content pieces not yet looked at
        inside = False
        for piece in pieces:
            if piece in (begin, end):
                inside = piece == begin
                self._look(held)
                continue
            if inside and self.uses_font is not None and not self.font:
                held.append(piece)
                if len(held) >= WATCH:
                    self._look(held)
            yield piece
        self._look(held)

    def _look(self, held: list[str]) -> None:
        if held and self.uses_font is not None and not self.font:
            self.font = self.uses_font("".join(held))
        held.clear()
