"""Cite and re-use on an item page and an image's page: the citation in every style (the page
language's first, korme.cite), the Highwire ``citation_*`` tags, the citation files and the
re-use panel (rights in plain words, credit line, downloads, IIIF links).

Citations are formatted once per record, style and language: they are kept in the build
cache's ``citations`` store (:func:`korme.cite.cite` with ``kept``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from korme.cite import available_styles, cite, default_style, highwire_tags
from korme.cite.files import exhibition_files, item_files, page_url
from korme.cite.reuse import reuse_panel
from korme.cite.vocab import TYPE_LABELS
from korme.iiif.stage import image_base, is_tiled, zoom_setting
from korme.iiif.viewer import manifest_url
from korme.images.full import full_derivative
from korme.partner_keys import is_partner
from korme.render.context import PageContext
from korme.render.values import today
from korme.render.words import type_label

MIN_DOWNLOAD = 400  # sizes offered: the derivatives at least this wide (not the thumbnails)
BADGES = {"cc-pdm": "PD", "cc-zero": "CC0", "cc-by": "CC BY", "cc-by-sa": "CC BY-SA",
          "cc-by-nd": "CC BY-ND", "cc-by-nc": "CC BY-NC", "cc-by-nc-sa": "CC BY-NC-SA",
          "cc-by-nc-nd": "CC BY-NC-ND", "rs-inc": "InC", "rs-noc": "NoC", "rs-other": "?",
          "rights-unknown": "?"}


@dataclass(frozen=True)
class StyleCitation:
    """One style's citation (``note``: the note or in-text form naming the folio)."""

    style: str
    label: str
    html: Markup
    text: str
    current: bool  # the page language's style: shown first, and without scripts
    note: Markup | None = None
    note_text: str = ""
    # the date of access (korme.cite.accessed.Accessed) and the HTML forms around it
    accessed: Any = None
    around: tuple[Markup, Markup] | None = None
    note_around: tuple[Markup, Markup] | None = None


@dataclass(frozen=True)
class DownloadLink:
    href: str
    width: int
    height: int
    format: str  # "JPEG", "PNG"
    full: bool = False


@dataclass(frozen=True)
class Reuse:
    """The re-use panel: rights, credit, downloads, IIIF links, the credit line to copy."""

    rights_uri: str
    rights_label: str
    rights_summary: str
    rights_badge: str
    rights_icon: str
    rights_known: bool
    credit: str
    how_to_credit: str
    sizes: tuple[DownloadLink, ...]
    full: DownloadLink | None
    full_refused: bool  # download: full was asked; the rights do not allow it
    manifest: str
    service: str  # the image's IIIF Image API info.json (tiled images)


@dataclass(frozen=True)
class CiteView:
    citations: tuple[StyleCitation, ...]  # the current style first
    tags: tuple[tuple[str, str], ...]  # the <head>'s citation meta tags
    files: tuple[tuple[str, str], ...]  # (format, link) of the item's citation files
    reuse: Reuse
    url: str  # the permanent address cited


def _citations(p: PageContext, site: Any, ex: Any, item: Any, image: Any,
               url: str) -> tuple[StyleCitation, ...]:
    lang = p.lang.code
    chosen = default_style(lang, dict(site.config.citation.styles))
    kind = item.record.type or ""
    own_type = None if kind in TYPE_LABELS else (p.plain(_type_word(p, site, kind)) or None)
    out = []
    for info in available_styles():
        made = cite(item, image, lang, info.name, url, today(), site=site, exhibition=ex,
                    type_label=own_type, kept=p.citations)
        out.append(StyleCitation(info.name, info.label, Markup(made.html), made.text,
                                 info.name == chosen,
                                 Markup(made.note_html) if made.note_html else None,
                                 made.note_text or "", made.accessed,
                                 _marked(made.html_around), _marked(made.note_around)))
    return tuple(sorted(out, key=lambda c: not c.current))


def _marked(around: tuple[str, str] | None) -> tuple[Markup, Markup] | None:
    return (Markup(around[0]), Markup(around[1])) if around else None


def _type_word(p: PageContext, site: Any, kind: str) -> str:
    return str(type_label(p, site, kind))


def _downloads(p: PageContext, rel: str) -> tuple[tuple[DownloadLink, ...], DownloadLink | None]:
    plan = p.images.get(rel)
    if plan is None or not plan.derivatives:
        return (), None
    made = plan.fallback
    shown = [d for d in made if d.width >= MIN_DOWNLOAD] or [made[-1]]
    sizes = tuple(DownloadLink(p.link(d.path), d.width, d.height, d.format.upper())
                  for d in shown)
    full = full_derivative(plan)
    return sizes, (DownloadLink(p.link(full.path), full.width, full.height,
                                full.format.upper(), True) if full else None)


def _reuse(p: PageContext, site: Any, ex: Any, item: Any, image: Any) -> Reuse:
    panel = reuse_panel(item, image, p.lang.code, p.order, site.config.download)
    shown = image if image is not None else (item.images[0] if item.images else None)
    sizes: tuple[DownloadLink, ...] = ()
    full = None
    service = ""
    if shown is not None:
        sizes, full = _downloads(p, shown.rel)
        plan = p.images.get(shown.rel)
        partner = site.partners.get(shown.rel) if is_partner(shown.rel) else None
        if partner is not None:  # the partner's own image service, where it has one
            service = partner.service.id + "/info.json" if partner.service else ""
        elif plan is not None and site.config.base_url and is_tiled(plan, zoom_setting(site)):
            service = p.link(image_base(ex.slug, item.id, shown.number) + "/info.json")
    offer = panel.downloads
    if not offer.full:  # the largest size is the most offered
        full = None
    elif full is None and sizes:  # the largest made is already the full size
        full = DownloadLink(sizes[-1].href, sizes[-1].width, sizes[-1].height,
                            sizes[-1].format, True)
        sizes = sizes[:-1]
    rights = panel.rights
    return Reuse(
        rights.uri if rights else "", panel.rights_label, panel.rights_summary,
        BADGES.get(panel.rights_icon, "") if rights else "", panel.rights_icon,
        bool(rights and rights.known), panel.credit, panel.how_to_credit,
        sizes if offer.sizes else (), full, offer.full_refused,
        # IIIF's drag-and-drop address; the documents are written with a base_url only
        (manifest_url(site, ex.slug, item.id) or "") if item.images else "", service)


def cite_view(p: PageContext, site: Any, ex: Any, item: Any, image: Any = None) -> CiteView:
    """What an item page (``image=None``) or an image's page shows to cite and re-use it."""
    here = p.linker.here
    url = page_url(site, here)
    return CiteView(
        _citations(p, site, ex, item, image, url),
        tuple(t for t in highwire_tags(item, p.lang.code, site=site, url=url, image=image)
              if site.config.base_url or t[0] != "citation_public_url"),  # absolute only
        tuple((label, p.link(path)) for label, path in
              item_files(p.lang.code, ex.slug, item.id)),
        _reuse(p, site, ex, item, image), url)


def catalogue_files(p: PageContext, ex: Any) -> tuple[tuple[str, str], ...]:
    """The whole exhibition's citation files, for its catalogue page."""
    return tuple((label, p.link(path)) for label, path in
                 exhibition_files(p.lang.code, ex.slug))
