"""An exhibition's cover: the mapping form checked, its focal point, and a hero never enlarged.

``cover: {item: ms-0142, image: 1, focus: pct:50,30}`` names an item's image and the point kept
in view when the hero or a card crops it (CSS ``object-position`` at that point: the point of
the image at X % of its width and Y % of its height sits at X %, Y % of the box, so it is always
inside). The hero's image is at most :data:`HERO_WIDTH` × :data:`HERO_HEIGHT` CSS pixels; a
cover smaller than that is shown at its own size, never enlarged (and is a warning:
:mod:`korme.images.covers`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from korme.errors import Report
from korme.l10n import _
from korme.load.reader import Located
from korme.load.records import warn_unknown_keys
from korme.load.schema import KNOWN_KEYS, CoverRef, stray_focus_key
from korme.model import Item, ItemImage

FOCUS = re.compile(r"^pct:(\d{1,3}(?:\.\d+)?),(\d{1,3}(?:\.\d+)?)$")
HERO_WIDTH = 840  # CSS px: the hero's image column at its widest (see korme.css, "showcase")
HERO_HEIGHT = 640  # CSS px: the hero at its tallest


def parse_focus(text: str | None) -> tuple[float, float] | None:
    """``pct:50,30`` → ``(50.0, 30.0)``; ``None`` when absent, malformed or past 100."""
    m = FOCUS.match(text.strip()) if text else None
    if m is None:
        return None
    x, y = float(m[1]), float(m[2])
    return (x, y) if x <= 100 and y <= 100 else None


def focus_of(card: Any) -> tuple[float, float] | None:
    """The focal point an exhibition card gives its cover, if any."""
    cover = card.cover
    return parse_focus(cover.focus) if isinstance(cover, CoverRef) else None


def resolve_cover(ref: CoverRef, items: Mapping[str, Item], located: Located, report: Report,
                  left_out: Callable[[str], bool]) -> tuple[ItemImage | None, Item | None]:
    """The image a ``cover:`` mapping names, every mistake reported at its key.
    ``left_out``: whether an id is a draft (or a broken record) left out of this build."""
    raw = located.data.get("cover") if isinstance(located.data, dict) else None
    stray = stray_focus_key(raw) if isinstance(raw, dict) else None  # pct:X,Y in flow style
    warn_unknown_keys(located, KNOWN_KEYS["cover"] | {stray}, report, at=("cover",))
    if ref.focus is not None and parse_focus(ref.focus) is None:
        report.error(located.at(("cover", "focus")), _(
            "cover: focus '{value}' is not a focal point: write pct:X,Y in percent of the "
            "image's width and height, e.g. pct:50,30", value=ref.focus))
    item = items.get(ref.item)
    if item is None:
        if not left_out(ref.item):
            report.error(located.at(("cover", "item")), _(
                "cover: unknown item '{id}'", id=ref.item))
        return None, None
    if not 1 <= ref.image <= len(item.images):
        report.error(located.at(("cover", "image")), _(
            "cover: item '{id}' has {count} image(s), not {n}", id=ref.item,
            count=len(item.images), n=ref.image))
        return (item.images[0] if item.images else None), item
    return item.images[ref.image - 1], item
