"""What the item page and each image's page show of the item's images: the viewer's pages.

One :class:`ItemViewer` per page: every image with its picture, filmstrip thumbnail, label,
caption, credit, texts and the address of its own page, plus the viewer's JSON block. The
page's current image is the one picture the page loads eagerly. The model objects given are
the renderer's tracked views (:mod:`korme.render.tracking`).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from korme import urls
from korme.cite.reuse import downloads
from korme.iiif.viewer import geometry, manifest_url, viewer_json
from korme.imagepages import has_own_pages, item_page_slugs
from korme.images.model import PlannedImage
from korme.model import ItemImage
from korme.render.context import PageContext, Picture, Shown
from korme.rights import Rights, classify

# the stage: the whole width on phones, beside the texts' column on wide screens
SIZES_STAGE = "(min-width: 60rem) calc(100vw - 28rem), 100vw"
STRIP_BOX = (80, 104)  # a filmstrip thumbnail's frame in CSS px (viewer.css: 5rem × 6.5rem)
TALL, WIDE = 2.5, 4.0  # height/width (width/height) from which an image opens at fit width
# (height): a long scroll is read, not shown as a strip
WINDOW = 8  # an image's page: how many neighbours on each side its filmstrip shows
_NONE = Shown("")


@dataclass(frozen=True)
class ViewerPage:
    """One image in the viewer (in its filmstrip; with ``full``, shown with its texts)."""

    number: int  # the image's number in the item (1-based)
    slug: str  # its page's slug (korme.imagepages)
    href: str  # the link to its page
    title: str  # its page's title
    label: Shown  # its label in the page's language, or "Image N"
    has_label: bool
    thumb: Picture | None  # the filmstrip's thumbnail (small widths only)
    current: bool
    full: bool = False  # shown in the viewer: the fields below are filled
    picture: Picture | None = None
    caption: Shown = _NONE
    credit: Shown = _NONE
    rights: Rights | None = None  # the image's own rights, else the item's
    download: bool = False  # the largest image may be downloaded (korme.cite.reuse)
    transcription: Shown = _NONE
    translation: Shown = _NONE
    alpha: bool = False  # transparent: shown on a light ground
    long: str = ""  # "tall", "wide" or ""

    @property
    def texts(self) -> bool:
        return bool(self.transcription or self.translation)


@dataclass(frozen=True)
class ItemViewer:
    """The viewer of one item page, or of one image's page.

    An item page shows every image (all of them are its no-JavaScript form) and turns pages
    in place. An image's page (``single``) shows its own image and a filmstrip of its
    neighbours: its other pages are a link away, so a 300-folio manuscript's 300 image pages
    do not each hold the whole manuscript.
    """

    pages: tuple[ViewerPage, ...]  # the filmstrip (an image's page: a window around it)
    index: int  # the current page's position in ``pages``
    position: int  # the current image's position among the item's images (1-based)
    total: int  # how many images the item has
    rtl: bool  # the object reads right to left: so do paging and the filmstrip
    single: bool  # an image's own page
    json: Markup  # the viewer's data block (korme.iiif.viewer): the ``figures``' geometry
    manifest: str | None
    own_pages: bool = True  # whether the images have pages of their own (imagepages)

    @property
    def figures(self) -> tuple[ViewerPage, ...]:
        """The images shown in the viewer, in order."""
        return tuple(pg for pg in self.pages if pg.full)

    @property
    def current(self) -> ViewerPage | None:
        return self.pages[self.index] if self.pages else None

    @property
    def prev(self) -> ViewerPage | None:
        return self.pages[self.index - 1] if self.index > 0 else None

    @property
    def next(self) -> ViewerPage | None:
        return self.pages[self.index + 1] if self.index + 1 < len(self.pages) else None

    @property
    def dir(self) -> str:
        return "rtl" if self.rtl else "ltr"


def image_title(p: PageContext, ex: Any, item: Any, image: ItemImage) -> str:
    """An image's page title: ``f. 1v · Шахнаме — Exhibition``."""
    return (f"{_label_text(p, image)} · {p.plain(item.record.title)} — "
            f"{p.plain(ex.card.title)}")


def _label_text(p: PageContext, image: ItemImage) -> str:
    return p.plain(image.record.label) or p.ui("viewer_image", n=image.number)


def _long(plan: PlannedImage) -> str:
    if plan.height >= TALL * plan.width:
        return "tall"
    return "wide" if plan.width >= WIDE * plan.height else ""


def _thumb_sizes(plan: PlannedImage) -> str:
    """The thumbnail's displayed width: the frame's width, or less for a tall image."""
    w, h = STRIP_BOX
    return f"{max(1, round(min(w, h * plan.width / plan.height)))}px"


def _thumb(p: PageContext, img: ItemImage, plan: PlannedImage) -> Picture | None:
    """A filmstrip thumbnail: the small widths only (enough for three-times screens)."""
    return p.picture(img.rel, None, _thumb_sizes(plan), upto=3 * STRIP_BOX[0])


def item_viewer(p: PageContext, site: Any, ex: Any, item: Any, current: int = 0,
                single: bool = False) -> ItemViewer:
    """The viewer of ``item`` on a page whose current image has the number ``current`` (the
    first image when 0 or unknown); ``single`` for the image's own page."""
    images = p.images
    shown = [img for img in item.images if (plan := images.get(img.rel)) and plan.derivatives]
    index = next((i for i, img in enumerate(shown) if img.number == current), 0)
    lo, hi = (max(0, index - WINDOW), index + WINDOW + 1) if single else (0, len(shown))
    # the same on every page of the item: made once per build (and language)
    slugs = p.kept(("image-slugs", p.digest(item), *p.order),
                   lambda: item_page_slugs(item, p.order))
    paged = has_own_pages(item)  # else the item page is its one image's page
    # every image on an item page (its no-JavaScript form), the current one on an image's
    # page; the current one's picture is the page's one eager picture
    full = [index] if single else range(len(shown))
    pictures = {i: p.picture(shown[i].rel, shown[i].record.alt, SIZES_STAGE, eager=i == index)
                for i in full if shown}
    pages, data = [], []
    for i in range(lo, min(hi, len(shown))):
        img, plan = shown[i], images[shown[i].rel]
        href = p.link(urls.image(p.lang.code, ex.slug, item.id, slugs[img.number])
                      if paged else urls.item(p.lang.code, ex.slug, item.id))
        title = image_title(p, ex, item, img)
        rec = img.record
        page = ViewerPage(
            number=img.number, slug=slugs[img.number], href=href, title=title,
            label=p.t(rec.label) if rec.label else Shown(_label_text(p, img)),
            has_label=bool(rec.label), current=i == index,
            thumb=_thumb(p, img, plan) if len(shown) > 1 else None)  # a filmstrip: 2 or more
        if i in pictures:
            own = classify(rec.rights) if rec.rights else classify(item.record.rights)
            page = dataclasses.replace(
                page, full=True, picture=pictures[i], caption=p.md_inline(rec.caption),
                credit=p.t(rec.credit) if rec.credit else _NONE, rights=own,
                download=downloads(site.config.download, item, img).sizes,
                transcription=p.md_original(rec.transcription),
                translation=p.md(rec.translation), alpha=plan.alpha, long=_long(plan))
            data.append({"n": img.number, "href": href, "title": title, "slug": slugs[img.number],
                         **geometry(site, ex.slug, item.id, img.number, plan, p.link)})
        pages.append(page)
    rtl = item.record.reading_direction == "right-to-left"
    return ItemViewer(tuple(pages), index - lo, index + 1, len(shown), rtl, single,
                      viewer_json(data, rtl, p.ui),
                      manifest_url(site, ex.slug, item.id) if pages else None, paged)
