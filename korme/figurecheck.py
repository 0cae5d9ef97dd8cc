"""Checks of the lines that place images in sections (``::item``, ``::compare``, ``::focus``).

Each problem is reported at the word that is wrong, with the nearest valid value: the item id
that was probably meant, the image numbers the item has, a region that is well formed, the
first step a story could start with. Regions outside their image are checked once the image's
size is known (:mod:`korme.images.crops`).
"""

from __future__ import annotations

from collections.abc import Iterable

from korme.errors import Position, Report
from korme.l10n import _
from korme.markdown.directives import nearest_region
from korme.markdown.refs import Ref, prose_lines
from korme.model import Item

_WORDS = {
    "item": "::item ID [N] [region=x,y,w,h] [wide|full]",
    "focus": "::focus ID [N] [region=x,y,w,h]",
    "compare": "::compare ID [N] | ID [N] [slider]",
}


def check_figure(report: Report, ref: Ref, item: Item | None, where: str, pos: Position,
                 story: bool) -> None:
    """The words of one image on a directive line, once its item is known."""
    if ref.bad_number is not None:
        if ref.directive == "item":
            report.error(pos, _(
                "{where}: '::item {id} {word}': after the id write the image's number "
                "(such as 2) and, for a larger figure, wide or full", where=where,
                id=ref.target, word=ref.bad_number))
        else:
            report.error(pos, _("{where}: '{word}' does not belong here: write {form}",
                                where=where, word=ref.bad_number,
                                form=_WORDS.get(ref.directive, "")))
        return
    if item is None:
        return
    # the images it names (a missing file is reported at its record, not again here)
    count = max(len(item.images), len(item.record.images))
    if not 1 <= ref.image <= max(1, count):
        report.error(pos, _("{where}: item '{id}' has {count} image(s), not {n}: write a "
                            "number from 1 to {count}", where=where, id=ref.target,
                            count=count, n=ref.image))
    if ref.region_text and ref.region is None:
        at = Position(pos.path, pos.line, ref.region_column)
        report.error(at, _(
            "{where}: region={region} is not a region: write region=x,y,w,h (whole pixels of "
            "the original) or region=pct:x,y,w,h (percent); the nearest is region={nearest}",
            where=where, region=ref.region_text, nearest=nearest_region(ref.region_text)))
    if ref.directive == "focus" and not story:
        report.error(pos, _("{where}: ::focus starts a step of a story: add 'layout: story' "
                            "to the front matter, or write ::item {id}", where=where,
                            id=ref.target))


def check_story(report: Report, body: str, pos: Position, where: str,
                items: Iterable[str]) -> None:
    """A story needs a step: a ``::focus`` line outside code."""
    if any(line.startswith("::focus") for _n, line in prose_lines(body)):
        return
    first = next(iter(items), "ID")
    report.error(pos, _("{where}: layout: story has no step: start each step with a line "
                        "'::focus ID [N] [region=…]', such as ::focus {first}", where=where,
                        first=first))
