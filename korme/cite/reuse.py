"""Re-use decisions as plain data: the rights in plain words, the credit line, the downloads.

``download:`` (site.yaml, overridden per item) says what visitors may download:
``none`` nothing; ``largest`` the sizes the build made (the default); ``full`` those and a
full-size derivative, but only when the image's rights allow re-use: an item whose rights
forbid it (in copyright, not evaluated, unknown …) never offers full resolution.
"""

from __future__ import annotations

from dataclasses import dataclass

from korme.i18n import LangText
from korme.model import Item, ItemImage
from korme.rights import Rights, classify

DEFAULT_DOWNLOAD = "largest"


@dataclass(frozen=True)
class Downloads:
    """What one image offers: ``sizes`` (the derivatives made) and ``full`` (full size)."""

    mode: str  # the switch in force: full | largest | none
    sizes: bool
    full: bool
    full_refused: bool = False  # ``full`` was asked, the rights do not allow it


@dataclass(frozen=True)
class ReusePanel:
    """Everything the re-use panel of an item or image page shows, in one language."""

    rights: Rights | None
    rights_label: str
    rights_summary: str
    rights_icon: str
    credit: str
    downloads: Downloads
    how_to_credit: str


def image_rights(item: Item, image: ItemImage | None) -> Rights | None:
    """The image's own rights, else the item's."""
    own = image.record.rights if image is not None else None
    return classify(own or item.record.rights)


def downloads(site_mode: str | None, item: Item, image: ItemImage | None) -> Downloads:
    """The downloads an image offers, from ``download:`` (item, else site) and its rights."""
    mode = item.record.download or site_mode or DEFAULT_DOWNLOAD
    if mode == "none":
        return Downloads(mode, sizes=False, full=False)
    if mode == "largest":
        return Downloads(mode, sizes=True, full=False)
    rights = image_rights(item, image)
    allowed = rights is not None and rights.reusable
    return Downloads(mode, sizes=True, full=allowed, full_refused=not allowed)


def _pick(value: LangText | None, lang: str, order: tuple[str, ...]) -> str:
    return value.pick(lang, order) if value else ""


def credit_line(item: Item, image: ItemImage | None, lang: str, order: tuple[str, ...]) -> str:
    """The image's credit, else the item's, else the holding institution and shelfmark."""
    if image is not None and image.record.credit:
        return _pick(image.record.credit, lang, order)
    if item.record.credit:
        return _pick(item.record.credit, lang, order)
    parts = [_pick(item.institution.name, lang, order) if item.institution else "",
             item.record.identifier or ""]
    return ", ".join(p for p in parts if p)


def reuse_panel(item: Item, image: ItemImage | None, lang: str, order: tuple[str, ...],
                site_mode: str | None) -> ReusePanel:
    """The re-use panel's data for an item page (``image=None``: its first image) or image
    page."""
    shown = image if image is not None else (item.images[0] if item.images else None)
    rights = image_rights(item, shown)
    credit = credit_line(item, shown, lang, order)
    label = rights.label(lang) if rights else ""
    title = item.record.title.pick(lang, order)
    if image is not None and image.record.label:
        title = f"{title}, {image.record.label.pick(lang, order)}"
    pieces = [title, credit, label + (f" ({rights.uri})" if rights and rights.known else "")]
    return ReusePanel(
        rights=rights,
        rights_label=label,
        rights_summary=rights.summary(lang) if rights else "",
        rights_icon=rights.icon if rights else "",
        credit=credit,
        downloads=downloads(site_mode, item, shown),
        how_to_credit=". ".join(p.rstrip(". ") for p in pieces if p) + ".",
    )
