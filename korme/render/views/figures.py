"""Figures in sections: in the text column, wider than it (``wide``), or across the page
(``full``), each at the sizes it is shown at and never wider than its largest derivative; a
region's still crop (``region=…``); two images compared (``::compare``); and the mark where a
story's step starts (``::focus``, split by :mod:`korme.render.views.story`)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from korme import urls
from korme.imagepages import image_target
from korme.images.crops import crop_key
from korme.markdown.directives import Directive, Target
from korme.render.context import PageContext, Picture, Shown

SIZES = {
    "": "(min-width: 860px) 720px, 100vw",
    "wide": "(min-width: 72rem) 68rem, 100vw",
    "full": "100vw",
}
SIZES_COMPARE = "(min-width: 72rem) 34rem, (min-width: 40rem) 50vw, 100vw"
STEP_MARK = "<korme-step></korme-step>"  # no curator's HTML can hold it: it is sanitised first


def figure_picture(p: PageContext, image: Any, size: str) -> Picture | None:
    """An item's image as a section's figure of ``size`` ("", "wide" or "full")."""
    pic = p.picture(image.rel, image.record.alt, SIZES.get(size, SIZES[""]))
    if pic is None or not size:
        return pic
    name = f"fw-{pic.width}"  # never enlarged past the largest derivative
    p.styles[name] = f"--figure-w:{pic.width}px"
    return dataclasses.replace(pic, placeholder=f"{pic.placeholder} {name}")


@dataclass(frozen=True)
class Shot:
    """One image a line names, as a figure shows it: its picture (the region's crop when
    there is one), the link to its page (zoomed to the region) and its names."""

    item: Any
    image: Any
    picture: Picture | None
    href: str  # the image's page, with ``#xywh=`` for a region
    item_href: str
    label: Shown  # the image's label, else "Image N"
    box: tuple[int, int, int, int] | None  # the region in pixels of the image
    width: int  # the image's size in pixels
    height: int


def shot(p: PageContext, ex: Any, t: Target, sizes: str, crop: bool = True) -> Shot | None:
    """The image a target names (``None`` when its item or image is not in this build)."""
    item = ex.item(t.item) if ex is not None else None
    if item is None or not item.images:
        return None
    img = item.images[min(t.image, len(item.images)) - 1]
    plan = p.images.get(img.rel)
    w, h = (plan.width, plan.height) if plan is not None else (0, 0)
    box = t.region.box(w, h) if t.region is not None and plan is not None else None
    picture = None
    if box is not None and crop:
        picture = p.picture(crop_key(img.rel, box), img.record.alt, sizes)
    if picture is None:
        picture = p.picture(img.rel, img.record.alt, sizes)
    href = p.link(image_target(p.lang.code, ex.slug, item, img.number, p.order))
    if box is not None:
        href += "#xywh=" + ",".join(map(str, box))
    label = p.t(img.record.label) if img.record.label else Shown(
        p.ui("viewer_image", n=img.number))
    return Shot(item, img, picture, href, p.link(urls.item(p.lang.code, ex.slug, item.id)),
                label, box, w, h)


def section_figure(env: Any, p: PageContext, ex: Any, d: Directive) -> str:
    """The HTML of one ``::item``, ``::compare`` or ``::focus`` line on this page."""
    if d.kind == "focus":
        return STEP_MARK
    if d.kind == "compare":
        shots = [shot(p, ex, t, SIZES_COMPARE, crop=False) for t in d.targets]
        if None in shots:
            return ""
        return env.get_template("partials/compare.html").render(
            p=p, a=shots[0], b=shots[1], slider=d.slider)
    s = shot(p, ex, d.targets[0], SIZES.get(d.size, SIZES[""]))
    if s is None:
        return ""
    picture = s.picture if s.box is not None else figure_picture(p, s.image, d.size)
    return env.get_template("partials/figure.html").render(
        p=p, item=s.item, image=s.image, exhibition=ex, size=d.size, picture=picture,
        href=s.href, item_href=s.item_href, region=s.box is not None)
