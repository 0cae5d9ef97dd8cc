"""Covers as pages show them: cropped at their focal point, the hero never enlarged."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from korme.cover import HERO_HEIGHT, HERO_WIDTH, focus_of
from korme.render.context import PageContext, Picture

SIZES_HERO = "(min-width: 90rem) 840px, (min-width: 56rem) 58vw, 100vw"
SIZES_COVER = "(min-width: 72rem) 360px, (min-width: 40rem) 46vw, 100vw"


@dataclass(frozen=True)
class Cover:
    """A cover as a page shows it: the picture (its ``placeholder`` classes also carry the
    focal point and, in the hero, the size it may not exceed) and whether it is smaller than
    the hero."""

    picture: Picture | None
    small: bool = False


def focus_class(p: PageContext, focus: tuple[float, float] | None) -> str:
    """A class of the page's style setting ``object-position`` at the focal point."""
    if focus is None:
        return ""
    x, y = focus
    name = f"fx-{round(x * 10)}-{round(y * 10)}"
    p.styles[name] = f"object-position:{x:g}% {y:g}%"
    return name


def cover(p: PageContext, ex: Any, sizes: str, eager: bool = False, hero: bool = False
          ) -> Cover:
    """The exhibition's cover at ``sizes``; ``hero``: limited to its own pixel size."""
    if ex.cover is None:
        return Cover(None)
    pic = p.picture(ex.cover.rel, ex.cover.record.alt, sizes, eager)
    if pic is None:
        return Cover(None)
    classes = [pic.placeholder, focus_class(p, focus_of(ex.card))]
    small = False
    if hero:
        name = f"hl-{pic.width}x{pic.height}"
        p.styles[name] = f"--hero-w:{pic.width}px;--hero-h-max:{pic.height}px"
        classes.append(name)
        small = pic.width < HERO_WIDTH or pic.height < HERO_HEIGHT
    return Cover(dataclasses.replace(pic, placeholder=" ".join(c for c in classes if c)), small)
