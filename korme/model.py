"""The site model: validated, cross-referenced, immutable objects that pages are rendered from.

Made by :func:`korme.validate.build_model` from the raw records; read-only after.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from korme.dates import EdtfDate
from korme.errors import Position
from korme.i18n import Lang
from korme.load.reader import Located
from korme.load.schema import (
    ExhibitionCard,
    ImageRecord,
    Institution,
    ItemRecord,
    SiteConfig,
)
from korme.load.site import MarkdownDoc


def pick_doc(files: dict[str, MarkdownDoc], lang: str, order: tuple[str, ...]) -> MarkdownDoc:
    """A page's file in ``lang``, else in the site's language order, else any."""
    for candidate in (lang, *order):
        if candidate in files:
            return files[candidate]
    return next(iter(files.values()))


@dataclass(frozen=True)
class ItemImage:
    """One image of an item: the record and the site-relative source path."""

    rel: str  # site-relative POSIX path of the source file
    record: ImageRecord
    number: int  # 1-based, as in ``::item ID 2`` and IIIF paths
    position: Position  # of the ``file:`` field


@dataclass(frozen=True)
class Item:
    """A catalogue record, resolved."""

    exhibition: str
    record: ItemRecord
    date: EdtfDate | None
    institution: Institution | None
    images: tuple[ItemImage, ...]
    featured_in: tuple[str, ...]  # section slugs, in order
    position: Position

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def draft(self) -> bool:
        return self.record.status == "draft"

    @property
    def custom_fields(self) -> tuple[tuple[str, Any], ...]:
        """Fields the format does not define, kept in the order the curator wrote them."""
        return tuple(self.record.extra_fields.items())


@dataclass(frozen=True)
class Section:
    """A narrative section with its files per language (only published languages)."""

    exhibition: str
    slug: str
    order: int
    files: dict[str, MarkdownDoc]
    items: tuple[str, ...]
    aliases: tuple[str, ...] = ()

    def doc(self, lang: str, order: tuple[str, ...]) -> MarkdownDoc:
        """The file for ``lang``, or the fallback (default language first)."""
        return pick_doc(self.files, lang, order)


@dataclass(frozen=True)
class Exhibition:
    slug: str
    card: ExhibitionCard
    items: tuple[Item, ...]
    sections: tuple[Section, ...]
    institutions: tuple[Institution, ...]
    cover: ItemImage | None = None
    cover_item: Item | None = None
    folder: Path = Path()

    @property
    def draft(self) -> bool:
        return self.card.status == "draft"

    @functools.cached_property
    def _by_id(self) -> dict[str, Item]:
        return {it.id: it for it in self.items}

    def item(self, ident: str) -> Item | None:
        return self._by_id.get(ident)

    def section(self, slug: str) -> Section | None:
        return next((s for s in self.sections if s.slug == slug), None)


@dataclass(frozen=True)
class SitePage:
    slug: str
    files: dict[str, MarkdownDoc]

    def doc(self, lang: str, order: tuple[str, ...]) -> MarkdownDoc:
        """The file for ``lang``, or the fallback (default language first)."""
        return pick_doc(self.files, lang, order)


@dataclass(frozen=True)
class Site:
    """The whole site, ready to plan images and render pages."""

    root: Path
    config: SiteConfig
    languages: tuple[Lang, ...]
    institutions: dict[str, Institution]
    exhibitions: tuple[Exhibition, ...]
    pages: dict[str, SitePage] = field(default_factory=dict)
    static_files: tuple[Path, ...] = ()
    config_located: Located | None = None  # site.yaml's positions, for later stages' messages
    # korme.partners: partners' images by plan key (``iiif:URL`` → PartnerImage)
    partners: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def codes(self) -> tuple[str, ...]:
        """Published language codes, default first."""
        return tuple(lang.code for lang in self.languages)

    @property
    def default(self) -> Lang:
        return self.languages[0]
