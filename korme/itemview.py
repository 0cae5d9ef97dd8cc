"""What the item page and each image's page show of the item's images: the viewer's pages.

One :class:`ItemViewer` per page: every image with its picture, filmstrip thumbnail, label,
caption, credit, texts and the address of its own page, plus the viewer's JSON block. The
page's current image is made first, so it is the one picture the page loads eagerly.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from korme.iiif.viewer import geometry, manifest_url, viewer_json
from korme.imagepages import image_page, item_page_slugs
from korme.images.model import PlannedImage
from korme.model import Exhibition, Item, ItemImage, Site
from korme.render.context import PageContext, Picture
from korme.render.rights import Rights, classify

# the stage: the whole width on phones, beside the texts' column on wide screens
SIZES_STAGE = "(min-width: 60rem) calc(100vw - 28rem), 100vw"
STRIP_BOX = (80, 104)  # a filmstrip thumbnail's frame in CSS px (viewer.css: 5rem × 6.5rem)
TALL, WIDE = 2.5, 4.0  # height/width (width/height) from which an image opens at fit width
# (height): a long scroll is read, not shown as a strip


@dataclass(frozen=True)
class ViewerPage:
    """One image in the viewer."""

    number: int  # the image's number in the item (1-based)
    slug: str  # its page's slug (korme.imagepages)
    href: str  # the link to its page
    title: str  # its page's title
    label: Markup  # its label in the page's language, or "Image N"
    has_label: bool
    caption: Markup
    credit: Markup
    picture: Picture | None
    thumb: Picture | None
    rights: Rights | None  # the image's own rights, else the item's
    download: bool  # reusable rights: the largest image may be downloaded
    transcription: Markup
    translation: Markup
    alpha: bool  # transparent: shown on a light ground
    long: str  # "tall", "wide" or ""
    current: bool

    @property
    def texts(self) -> bool:
        return bool(self.transcription or self.translation)


@dataclass(frozen=True)
class ItemViewer:
    """The viewer of one item page (or one image's page)."""

    pages: tuple[ViewerPage, ...]
    index: int  # the current page's position in ``pages``
    rtl: bool  # the object reads right to left: so do paging and the filmstrip
    single: bool  # an image's own page (without JavaScript it shows that image only)
    json: Markup  # the viewer's data block (korme.iiif.viewer)
    manifest: str | None

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


def image_title(p: PageContext, ex: Exhibition, item: Item, image: ItemImage) -> str:
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


def item_viewer(p: PageContext, site: Site, ex: Exhibition, item: Item,
                images: dict[str, PlannedImage], current: int = 0,
                single: bool = False) -> ItemViewer:
    """The viewer of ``item`` on a page whose current image has the number ``current`` (the
    first image when 0 or unknown); ``single`` for the image's own page."""
    shown = [img for img in item.images if (plan := images.get(img.rel)) and plan.derivatives]
    index = next((i for i, img in enumerate(shown) if img.number == current), 0)
    slugs = item_page_slugs(item, site.codes)
    rights = classify(item.record.rights)
    # the current image's picture first: the first picture of a page loads eagerly
    order = [index, *(i for i in range(len(shown)) if i != index)] if shown else []
    pictures = {i: p.picture(shown[i].rel, shown[i].record.alt, SIZES_STAGE) for i in order}
    pages, data = [], []
    for i, img in enumerate(shown):
        plan = images[img.rel]
        rec = img.record
        own = classify(rec.rights) if rec.rights else rights
        href = p.link(image_page(p.lang.code, ex.slug, item.id, slugs[img.number]))
        title = image_title(p, ex, item, img)
        pages.append(ViewerPage(
            number=img.number, slug=slugs[img.number], href=href, title=title,
            label=p.t(rec.label) if rec.label else Markup.escape(_label_text(p, img)),
            has_label=bool(rec.label), caption=p.md_inline(rec.caption),
            credit=p.t(rec.credit) if rec.credit else Markup(""), picture=pictures[i],
            thumb=p.picture(img.rel, None, _thumb_sizes(plan)),
            rights=own, download=own is not None and own.reusable,
            transcription=p.md_original(rec.transcription), translation=p.md(rec.translation),
            alpha=plan.alpha, long=_long(plan), current=i == index))
        data.append({"n": img.number, **geometry(site, ex.slug, item.id, img.number, plan,
                                                 p.link),
                     "href": href, "title": title})
    rtl = item.record.reading_direction == "right-to-left"
    return ItemViewer(tuple(pages), index, rtl, single, viewer_json(data, rtl, p.ui),
                      manifest_url(site, ex.slug, item.id) if pages else None)
