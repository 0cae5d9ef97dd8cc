"""Suggestions that need the whole loaded site: where an unknown item id really is."""

from __future__ import annotations

from korme.l10n import Text, _
from korme.load.site import RawExhibition, RawSite
from korme.suggest import hint


def item_hint(raw: RawSite, ex: RawExhibition | None, ident: str) -> Text | str:
    """For an unknown item id: the exhibition that has it (items are linked only within their
    own exhibition), else the closest id of this exhibition."""
    for other in raw.exhibitions:
        if other is not ex and any(ident == it.record.id for it in other.items):
            return _(" (it is an item of exhibition '{exhibition}': ::item and item: show "
                     "only the exhibition's own items; from a section, link its page as "
                     "[text](../../{exhibition}/items/{id}/))", exhibition=other.slug,
                     id=ident)
    if ex is None:
        return ""
    known = {name for it in ex.items for name in (it.record.id, *it.record.aliases)}
    return hint(ident, known | set(ex.broken_ids or ()))  # a broken record still has its id

