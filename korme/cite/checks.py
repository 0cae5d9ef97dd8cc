"""What the citation and re-use settings tell the curator: diagnostics, never exceptions.

* a rights value that is not a known rightsstatements.org or Creative Commons URI (warning);
* ``download: full`` on an item whose rights do not allow re-use (warning: the largest size
  is offered instead);
* an unknown style, or a language the site does not publish, under ``citation: styles:``;
* a ``publisher:`` that begins with its place (``Kazan: Imperial University Press``) on an item
  without ``place:`` (warning: ГОСТ would cite "[Place of publication not identified]").
"""

from __future__ import annotations

import re

from korme.cite.record import text_of
from korme.cite.styles import STYLES
from korme.errors import Diagnostic, Position, Severity
from korme.i18n import norm_tag
from korme.l10n import Text, _
from korme.model import Site
from korme.rights import classify


def _warning(position: Position, message: Text) -> Diagnostic:
    return Diagnostic(position, message, Severity.WARNING)


def _site_position(site: Site, *key: str) -> Position:
    if site.config_located is not None:
        return site.config_located.at(key)
    return Position("site.yaml")


def style_diagnostics(site: Site) -> list[Diagnostic]:
    """Problems of site.yaml's ``citation: styles:``."""
    out = []
    known = ", ".join(STYLES)
    for lang, style in site.config.citation.styles.items():
        where = _site_position(site, "citation", "styles", lang)
        if style not in STYLES:
            out.append(Diagnostic(where, _(
                "citation style '{style}' for '{lang}' is unknown (known styles: {known})",
                style=style, lang=lang, known=known)))
        if norm_tag(lang) not in site.codes:
            out.append(_warning(where, _(
                "citation style for '{lang}': the site does not publish that language",
                lang=lang)))
    return out


def rights_diagnostics(site: Site) -> list[Diagnostic]:
    """Unknown rights values and full-size downloads the rights do not allow."""
    out = []
    for ex in site.exhibitions:
        for item in ex.items:
            rights = classify(item.record.rights)
            if rights is not None and not rights.known:
                out.append(_warning(item.position, _(
                    "item '{id}': rights '{value}' is not a rightsstatements.org or Creative "
                    "Commons URI; it is shown as written and allows no full-size download",
                    id=item.id, value=rights.uri)))
            for image in item.images:
                own = classify(image.record.rights)
                if own is not None and not own.known:
                    out.append(_warning(image.position, _(
                        "item '{id}', image {n}: rights '{value}' is not a rightsstatements.org "
                        "or Creative Commons URI", id=item.id, n=image.number, value=own.uri)))
            # the site-wide switch quietly falls back per item; an item's own asks are told
            if item.record.download == "full" and (rights is None or not rights.reusable):
                out.append(_warning(item.position, _(
                        "item '{id}': 'download: full' is not possible because its rights do "
                        "not allow re-use; the largest size is offered", id=item.id)))
    return out


# "Kazan: …", "Алма-Ата : …": a place of a few words, a colon, then the publisher
_PLACE_FIRST = re.compile(r"^[^\W\d][^:;,/()\[\]]{0,39}?\s?:\s+\S")


def publisher_diagnostics(site: Site) -> list[Diagnostic]:
    """Publishers written with their place in front, on items without ``place:``."""
    out = []
    for ex in site.exhibitions:
        for item in ex.items:
            extra = item.record.extra_fields
            if extra.get("place") or not extra.get("publisher"):
                continue
            value = text_of(extra["publisher"], site.codes[0], site.codes)
            if _PLACE_FIRST.match(value):
                out.append(_warning(item.position, _(
                    "item '{id}': the publisher '{value}' begins with its place; write the "
                    "place in 'place:' and the publisher alone, so that citations name the "
                    "place", id=item.id, value=value)))
    return out


def diagnostics(site: Site) -> list[Diagnostic]:
    """Every citation and re-use diagnostic of the site, to add to the build's report."""
    return style_diagnostics(site) + rights_diagnostics(site) + publisher_diagnostics(site)
