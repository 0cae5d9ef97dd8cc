"""Figures in sections: in the text column, wider than it (``wide``), or across the page
(``full``), each at the sizes it is shown at and never wider than its largest derivative."""

from __future__ import annotations

import dataclasses
from typing import Any

from korme.render.context import PageContext, Picture

SIZES = {
    "": "(min-width: 860px) 720px, 100vw",
    "wide": "(min-width: 72rem) 68rem, 100vw",
    "full": "100vw",
}


def figure_picture(p: PageContext, image: Any, size: str) -> Picture | None:
    """An item's image as a section's figure of ``size`` ("", "wide" or "full")."""
    pic = p.picture(image.rel, image.record.alt, SIZES.get(size, SIZES[""]))
    if pic is None or not size:
        return pic
    name = f"fw-{pic.width}"  # never enlarged past the largest derivative
    p.styles[name] = f"--figure-w:{pic.width}px"
    return dataclasses.replace(pic, placeholder=f"{pic.placeholder} {name}")
