"""A page for every image of an item: its slug and its address.

The contract (URLs): an image's page is ``/<lang>/<exhibition>/items/<item-id>/<page>/`` where
``<page>`` is the image's ``id:``, else its label as a slug (``f. 1v`` → ``f1v``), else its number
from 1, unique within the item. The slug of a label comes from its default-language text, so
the page has the same address in every language.

An item with a single image has no such page: its item page is that image's page (the same
image, label, caption and texts, large in the viewer), so a collection of photographs or
letters does not get twice the pages for nothing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from korme import urls
from korme.i18n import LangText
from korme.model import Item, ItemImage
from korme.search.translit import to_ascii

_ABBREVIATION = re.compile(r"\.\s*")  # "f. 1v": the point of an abbreviation and its space
_SEPARATORS = re.compile(r"[\W_]+")  # dashes, slashes, spaces: between words, in any script
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def label_slug(label: str) -> str:
    """A label as a slug: ``f. 1v`` → ``f1v``, ``5-бет`` → ``5-bet``, ``Title page`` →
    ``title-page``; empty when nothing of it can be spelled in a-z and 0-9."""
    text = _SEPARATORS.sub(" ", _ABBREVIATION.sub("", label.strip()))
    text = to_ascii(text, digraphs=True)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NOT_SLUG.sub("-", text.lower()).strip("-")


def _own_id(image: ItemImage) -> str:
    """The image's ``id:`` as written (the loader checks that it is a slug), or empty."""
    value = getattr(image.record, "id", None)
    if value is None:
        return ""
    text = str(value).strip().lower()
    return text if _SLUG.match(text) else label_slug(text)


def _label(image: ItemImage, order: tuple[str, ...]) -> str:
    label = image.record.label
    if not isinstance(label, LangText):
        return ""
    return label_slug(label.pick(order[0] if order else "", order))


def page_slugs(images: Sequence[ItemImage], order: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Each image's page slug, in the images' order, unique within the item.

    ``order`` is the site's language order (default language first). Explicit ``id:`` values
    are claimed first, then label slugs, then numbers; a slug already taken gets the image's
    number appended (``f1v-3``), so the result never depends on anything but the item.
    """
    wanted: list[tuple[int, str]] = []  # (rank, slug): 0 id, 1 label, 2 number
    for img in images:
        own = _own_id(img)
        label = "" if own else _label(img, order)
        wanted.append((0, own) if own else (1, label) if label else (2, str(img.number)))
    out = [""] * len(images)
    taken: set[str] = set()
    for rank in (0, 1, 2):
        for i, (r, slug) in enumerate(wanted):
            if r != rank:
                continue
            number = images[i].number
            while slug in taken:
                slug = f"{slug}-{number}"
            taken.add(slug)
            out[i] = slug
    return tuple(out)


def item_page_slugs(item: Item, order: tuple[str, ...] = ()) -> dict[int, str]:
    """An item's images' slugs by image number."""
    slugs = page_slugs(item.images, order)
    return {img.number: slug for img, slug in zip(item.images, slugs, strict=True)}


def has_own_pages(item: Item) -> bool:
    """Whether an item's images have pages of their own: when it has several (see the
    module)."""
    return len(item.images) > 1


def own_pages(item: Item, order: tuple[str, ...] = ()) -> dict[int, str]:
    """The slugs of the images that have a page of their own, by image number."""
    return item_page_slugs(item, order) if has_own_pages(item) else {}


def image_target(lang: str, exhibition: str, item: Item, number: int,
                 order: tuple[str, ...] = ()) -> str:
    """The site path of the page that shows an image: its own page, else its item's."""
    slug = own_pages(item, order).get(number)
    return urls.image(lang, exhibition, item.id, slug) if slug else \
        urls.item(lang, exhibition, item.id)


def image_page(lang: str, exhibition: str, item_id: str, slug: str) -> str:
    """The site path of one image's page (``kk/ex/items/ms-0142/f1v/``)."""
    return urls.image(lang, exhibition, item_id, slug)
