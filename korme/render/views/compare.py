"""The compare page of an exhibition: visitors pick any two of its images.

Its address names them (``compare/?a=ms-0142/f1v&b=ms-0307/3``: item id and image page slug),
so a reload or a shared link restores the comparison. The page lists every image (without
JavaScript, each a link to its page) and carries their sizes and files as data for
compare-page.js, which lays the two side by side with compare.js.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from korme import urls
from korme.imagepages import image_target, item_page_slugs
from korme.render.tracking import untrack
from korme.render.views.base import ViewInput

SIZES = "(min-width: 72rem) 34rem, (min-width: 40rem) 50vw, 100vw"


@dataclass(frozen=True)
class Choice:
    key: str  # "item/slug": the address's value
    label: str  # "Title · f. 1v"
    href: str  # the image's page


@dataclass(frozen=True)
class ItemChoices:
    title: str
    choices: tuple[Choice, ...]


@dataclass(frozen=True)
class CompareView:
    items: tuple[ItemChoices, ...]
    json: Markup  # the images' data for compare-page.js
    exhibition_href: str


def compare_page(page: Any, v: ViewInput) -> CompareView:
    ex, p = v.data["exhibition"], v.p
    groups, data = [], []
    site = p.digest(v.site)
    for item in ex.items:
        # what an item gives the page, kept under the digests of its record, its images'
        # plans and the site (the languages' order names the image pages; reading them
        # records them): a page rendered again for one edited item makes one item's part again
        read = (p.digest(item), *(p.digest_of(("image", img.rel)) for img in item.images))
        group, part = p.kept(("compare", ex.slug, site, read),
                             lambda item=item: _item_part(p, ex, untrack(item)))
        if group is not None:
            groups.append(group)
        data.extend(part)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    safe = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return CompareView(tuple(groups), Markup(safe), p.link(urls.exhibition(p.lang.code, ex.slug)))


def _item_part(p: Any, ex: Any, item: Any) -> tuple[ItemChoices | None, list[dict[str, Any]]]:
    """An item's choices and its images' data for the script (``item``: untracked)."""
    slugs = item_page_slugs(item, p.order)
    title = p.plain(item.record.title)
    choices, data = [], []
    for img in item.images:
        pic = p.picture(img.rel, img.record.alt, SIZES, styled=False)  # for the script
        if pic is None:
            continue
        label = p.plain(img.record.label) or p.ui("viewer_image", n=img.number)
        key = f"{item.id}/{slugs[img.number]}"
        href = p.link(image_target(p.lang.code, ex.slug, item, img.number, p.order))
        choices.append(Choice(key, f"{title} · {label}", href))
        data.append({"k": key, "t": title, "l": label, "h": href,
                     "i": p.link(urls.item(p.lang.code, ex.slug, item.id)),
                     "w": pic.width, "hh": pic.height, "src": pic.src, "set": pic.srcset,
                     "alt": pic.alt.text})
    return (ItemChoices(title, tuple(choices)) if choices else None), data
