"""The lines that place images in a section: ``::item``, ``::compare`` and ``::focus``.

Each line is parsed into a :class:`Directive` of plain values with the column of every word,
so validation can point at the word that is wrong; rendering gets the same object. Regions
are written as in the IIIF Image API (``region=x,y,w,h`` in pixels of the original, or
``region=pct:x,y,w,h`` in percent): :func:`parse_region`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FIGURE_SIZES = ("wide", "full")  # ``::item ID 2 wide``: wider than the text, or the page
LINE = re.compile(r"^::(?P<kind>item|compare|focus)(?:[ \t]+(?P<rest>.*?))?[ \t]*$")
_NUMBER = r"\d+(?:\.\d+)?"
_REGION = re.compile(rf"^(?P<pct>pct:)?(?P<x>{_NUMBER}),(?P<y>{_NUMBER}),(?P<w>{_NUMBER}),"
                     rf"(?P<h>{_NUMBER})$")


@dataclass(frozen=True)
class Region:
    """A rectangle of an image: pixels of the original, or percent of its width and height."""

    x: float
    y: float
    w: float
    h: float
    pct: bool = False

    def box(self, width: int, height: int) -> tuple[int, int, int, int]:
        """The region in pixels of a ``width`` × ``height`` image, clipped to it (at least 1 px)."""
        x, y, w, h = self.x, self.y, self.w, self.h
        if self.pct:
            x, y, w, h = x * width / 100, y * height / 100, w * width / 100, h * height / 100
        left, top = min(width - 1, max(0, round(x))), min(height - 1, max(0, round(y)))
        right, bottom = min(width, max(left + 1, round(x + w))), min(height, max(top + 1,
                                                                             round(y + h)))
        return left, top, right - left, bottom - top

    def inside(self, width: int, height: int) -> bool:
        """Whether the region lies within a ``width`` × ``height`` image."""
        if self.pct:
            return self.x + self.w <= 100 and self.y + self.h <= 100
        return self.x + self.w <= width and self.y + self.h <= height

    def __str__(self) -> str:
        nums = ",".join(f"{v:g}" for v in (self.x, self.y, self.w, self.h))
        return f"pct:{nums}" if self.pct else nums


def parse_region(text: str) -> Region | None:
    """``"pct:10,20,30,15"`` or ``"1200,3100,1400,900"`` → :class:`Region`; ``None`` when
    malformed (not four numbers, an empty width or height, pixels that are not whole, a
    percentage past 100)."""
    m = _REGION.match(text)
    if not m:
        return None
    x, y, w, h = (float(m[k]) for k in "xywh")
    pct = bool(m["pct"])
    if w <= 0 or h <= 0:
        return None
    if not pct and any(not float(v).is_integer() for v in (x, y, w, h)):
        return None
    if pct and (x + w > 100 or y + h > 100):
        return None
    return Region(x, y, w, h, pct)


def nearest_region(text: str) -> str:
    """The nearest well-formed region to a malformed one (``pct:10,20,95,15`` →
    ``pct:10,20,90,15``), or an example when it is not four numbers."""
    nums = re.findall(_NUMBER, text)
    pct = text.startswith("pct:")
    if len(nums) != 4:
        return "pct:25,25,50,50" if pct else "0,0,1000,1000"
    x, y, w, h = (float(n) for n in nums)
    if pct:
        x, y = min(x, 99), min(y, 99)
        w, h = max(1.0, min(w, 100 - x)), max(1.0, min(h, 100 - y))
        return "pct:" + ",".join(f"{v:g}" for v in (x, y, w, h))
    return ",".join(str(max(1, round(v)) if i > 1 else round(v))
                    for i, v in enumerate((x, y, w, h)))


@dataclass(frozen=True)
class Target:
    """One image a line names: the item, the image's number and an optional region."""

    item: str
    image: int = 1
    region: Region | None = None
    column: int = 1  # of the item's id (1-based)
    region_text: str = ""  # as written, for messages
    region_column: int = 0


@dataclass(frozen=True)
class Directive:
    """One ``::item``, ``::compare`` or ``::focus`` line."""

    kind: str  # "item", "compare" or "focus"
    targets: tuple[Target, ...]
    size: str = ""  # ``::item``: "", "wide" or "full"
    slider: bool = False  # ``::compare … slider``
    bad: str | None = None  # the first word that does not belong, else None
    bad_column: int = 0
    line: int = 0  # 1-based, in the body (set by :func:`scan_directives`)


def _words(text: str, start: int) -> list[tuple[str, int]]:
    """The words of ``text`` with their 1-based columns (``start``: the text's offset)."""
    return [(m.group(), start + m.start() + 1) for m in re.finditer(r"\S+", text)]


def _target(words: list[tuple[str, int]], sized: bool = False
            ) -> tuple[Target | None, str, tuple[str, int] | None, list[tuple[str, int]]]:
    """An ``ID [N] [region=…]`` (``sized``: and ``[wide|full]``, in either order) at the
    start of ``words``: the target, its size, the first bad word and the words left over."""
    if not words:
        return None, "", None, []
    (ident, col), rest = words[0], words[1:]
    image, region, region_text, region_col, size = 1, None, "", 0, ""
    if rest and rest[0][0][:1].isdigit():
        if not rest[0][0].isdecimal():
            return None, "", rest[0], []
        image, rest = int(rest[0][0]), rest[1:]
    while rest:
        word, at = rest[0]
        if word.startswith("region=") and not region_text:
            region_text, region_col = word[7:], at + 7
            region = parse_region(region_text)
        elif sized and word in FIGURE_SIZES and not size:
            size = word
        else:
            break
        rest = rest[1:]
    return Target(ident, image, region, col, region_text, region_col), size, None, rest


def parse_line(line: str) -> Directive | None:
    """The directive on one line, or ``None`` when the line is not one."""
    m = LINE.match(line)
    if not m:
        return None
    kind, rest = m["kind"], m["rest"] or ""
    words = _words(rest, m.start("rest") if m["rest"] is not None else len(line))
    if kind == "compare":
        return _compare(words, len(line))
    target, size, bad, left = _target(words, sized=kind == "item")
    if target is None:
        word, col = bad or ("", len(line) + 1)
        return Directive(kind, (), bad=word, bad_column=col)
    if left:
        return Directive(kind, (target,), size, bad=left[0][0], bad_column=left[0][1])
    return Directive(kind, (target,), size)


def _compare(words: list[tuple[str, int]], end: int) -> Directive:
    """``::compare A [N] [region=…] | B [M] [region=…] [slider]``."""
    bar = next((i for i, (w, _c) in enumerate(words) if w == "|"), None)
    if bar is None:
        word, col = words[-1] if words else ("", end + 1)
        return Directive("compare", (), bad=word, bad_column=col)
    first, _size, bad, left = _target(words[:bar])
    if first is None or bad or left:
        word, col = bad or (left[0] if left else ("|", words[bar][1]))
        return Directive("compare", (), bad=word, bad_column=col)
    after = words[bar + 1:]
    slider = bool(after) and after[-1][0] == "slider"
    second, _size, bad, left = _target(after[:-1] if slider else after)
    if second is None or bad or left:
        word, col = bad or (left[0] if left else ("", end + 1))
        return Directive("compare", (), bad=word, bad_column=col)
    return Directive("compare", (first, second), slider=slider)


def scan_directives(lines: list[tuple[int, str]]) -> list[Directive]:
    """Every directive among numbered lines (see :func:`korme.markdown.refs.prose_lines`)."""
    out = []
    for number, line in lines:
        d = parse_line(line)
        if d is not None:
            out.append(Directive(d.kind, d.targets, d.size, d.slider, d.bad, d.bad_column,
                                 number))
    return out
