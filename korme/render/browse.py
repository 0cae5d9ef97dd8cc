"""View data of the finding pages: search, timeline, subjects, institutions, the items index's
filters and the index-only search data of item pages (a mixin of the site renderer)."""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup, escape

from korme.dates import century_of
from korme.model import Exhibition, Item, Site
from korme.render import urls, views
from korme.render.context import PageContext
from korme.render.seo import strip_tags
from korme.search.facets import century_label, facets, item_keys, text_key
from korme.search.translit import browser_tables

Key = tuple[str, ...]
SIZES_TINY = "4rem"
_EXACT = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_ENTRY_MACRO = ("macro", "partials/entries.html", "entry")  # its key in PageContext.shared
FACET_LABELS = {"type": "field_type", "institution": "field_institution",
                "century": "facet_century", "language": "field_language",
                "subjects": "field_subjects"}


def date_kind(item: Item) -> str:
    """How exact the date is: ``exact``, ``range``, ``approx``, ``uncertain`` or ``period``."""
    text = item.date.text if item.date else ""
    if "/" in text:
        return "range"
    if "~" in text or "%" in text:
        return "approx"
    if "?" in text:
        return "uncertain"
    return "period" if "X" in text else "exact"


class BrowseViews:
    """View methods for the finding pages; mixed into :class:`SiteRenderer`."""

    site: Site
    shared: dict[Any, Any]  # see SiteRenderer.shared

    # shared helpers -------------------------------------------------------------------------
    def facet_list(self, p: PageContext, items: list[Item], deps: tuple[Key, ...]
                   ) -> list[Any]:
        """The filters over these items (kept between serve's builds while no item's facet
        values change)."""
        def make() -> list[Any]:
            labels = {n: p.ui(FACET_LABELS[n]) if n in FACET_LABELS else
                      views.field_label(p, self.site, n) for n in self.site.config.facets}
            return facets(items, self.site.config.facets, p.lang.code, self.site.codes,
                          p.strings, labels)
        return self.reuse(p, "facets", deps, make)  # type: ignore[attr-defined,no-any-return]

    def facet_pairs(self, item: Item) -> tuple[list[tuple[str, str]], Markup]:
        """An item's facet keys as ``(facet, key)`` pairs and as a ``data-facets`` attribute
        (the same in every language: made once per build and process)."""
        shared = self.shared
        made = shared.get(("facet-keys", id(item)))
        if made is None or made[0] is not item:
            keys = item_keys(item, self.site.config.facets, self.site.codes)
            pairs = [(n, k) for n, ks in keys.items() for k in ks]
            tokens = " ".join([f"{n}:{k}" for n, k in pairs])
            made = shared[("facet-keys", id(item))] = (
                item, pairs, Markup(f' data-facets="{escape(tokens)}"'))
        return made[1], made[2]

    def facet_attr(self, item: Item) -> Markup:
        return self.facet_pairs(item)[1]

    def browse_links(self, p: PageContext, ex: Exhibition, current: str = ""
                     ) -> list[dict[str, Any]]:
        """Links to the exhibition's timeline, subjects and institutions pages."""
        return [{"href": p.link(urls.browse(p.lang.code, ex.slug, kind)),
                 "label": p.ui(f"{kind}_title"), "current": kind == current}
                for kind in ("timeline", "subjects", "institutions")]

    def _crumbs(self, p: PageContext, ex: Exhibition, kind: str) -> dict[str, Any]:
        return {"exhibition_href": p.link(urls.exhibition(p.lang.code, ex.slug)),
                "browse": self.browse_links(p, ex, kind),
                "items_href": p.link(urls.items_index(p.lang.code, ex.slug))}

    def _entry(self, p: PageContext, ex: Exhibition, it: Item) -> Markup:
        """One line of a finding list (see :meth:`SiteRenderer.entry`): the same HTML on the
        timeline, subjects and institutions pages, which give the same links."""
        href = p.link(urls.item(p.lang.code, ex.slug, it.id))

        def make() -> str:
            img = it.images[0] if it.images else None
            macro = p.shared.get(_ENTRY_MACRO)
            if macro is None:  # once per build (the theme's macro does not change in it)
                macro = p.shared[_ENTRY_MACRO] = self.macro(  # type: ignore[attr-defined]
                    "partials/entries.html", "entry")
            return macro({
                "item": it, "href": href,
                "picture": p.picture(img.rel, None, SIZES_TINY) if img else None,  # decorative
                "date": views.date_text(p, it), "type": views.type_label(p, it),
                "kind": date_kind(it),
                "datetime": it.date.text if it.date and _EXACT.match(it.date.text) else ""}, p)
        return self.entry(p, "entry", (("item-card", ex.slug, it.id),),  # type: ignore[attr-defined]
                          make, f"{p.lang.code} {href} {p.media_link()}")

    # pages ----------------------------------------------------------------------------------
    def view_search(self, spec: Any, p: PageContext) -> dict[str, Any]:
        items = [it for ex in self.site.exhibitions for it in ex.items]
        deps = tuple(("item-facets", ex.slug, it.id) for ex in self.site.exhibitions
                     for it in ex.items)
        return {"facets": self.facet_list(p, items, deps), "translit": browser_tables()}

    def view_timeline(self, spec: Any, p: PageContext) -> dict[str, Any]:
        ex: Exhibition = spec.data["exhibition"]
        dated = sorted((it for it in ex.items if it.date),
                       key=lambda it: (it.date.sort_key, it.date.upper, p.plain(it.record.title)))
        groups: list[dict[str, Any]] = []
        for it in dated:
            n = century_of(it.date.first_year)  # type: ignore[union-attr]
            if not groups or groups[-1]["n"] != n:
                groups.append({"n": n, "id": f"c{n}", "label": century_label(n, p.strings),
                               "entries": []})
            groups[-1]["entries"].append(self._entry(p, ex, it))
        undated = [self._entry(p, ex, it) for it in ex.items if not it.date]
        if undated:
            groups.append({"n": None, "id": "undated", "label": p.ui("undated"),
                           "entries": undated})
        return {"groups": groups, **self._crumbs(p, ex, "timeline")}

    def view_subjects(self, spec: Any, p: PageContext) -> dict[str, Any]:
        ex: Exhibition = spec.data["exhibition"]
        found: dict[str, dict[str, Any]] = {}
        for it in ex.items:
            for subject in it.record.subjects:
                key = text_key(subject, self.site.codes)
                group = found.setdefault(key, {"id": key, "label": p.t(subject),
                                               "sort": p.plain(subject).casefold(),
                                               "entries": []})
                group["entries"].append(self._entry(p, ex, it))
        groups = sorted(found.values(), key=lambda g: (g["sort"], g["id"]))
        return {"groups": groups, **self._crumbs(p, ex, "subjects")}

    def view_institutions(self, spec: Any, p: PageContext) -> dict[str, Any]:
        ex: Exhibition = spec.data["exhibition"]
        groups = []
        for inst in self.site.institutions.values():
            held = [self._entry(p, ex, it) for it in ex.items
                    if it.institution and it.institution.id == inst.id]
            if held:
                groups.append({"id": inst.id, "record": inst, "entries": held,
                               "logo": self.logo_url(p, inst)})  # type: ignore[attr-defined]
        groups.sort(key=lambda g: p.plain(g["record"].name).casefold())
        return {"groups": groups, **self._crumbs(p, ex, "institutions")}

    def items_facets(self, p: PageContext, ex: Exhibition) -> dict[str, Any]:
        """The items index's filters and each card's facet keys."""
        deps = tuple(("item-facets", ex.slug, it.id) for it in ex.items)
        return {"facets": self.facet_list(p, list(ex.items), deps),
                "browse": self.browse_links(p, ex)}

    def search_data(self, p: PageContext, ex: Exhibition, it: Item) -> dict[str, Any]:
        """What an item page gives the search index only: filters and meta (the other
        spellings of its words are added by the indexer, korme/search/document.py)."""
        thumb = ""
        plan = p.images.get(it.images[0].rel) if it.images else None
        if plan and plan.fallback:
            thumb = next((d for d in plan.fallback if d.width >= 240), plan.fallback[-1]).path
        return {"thumb": thumb, "filters": list(self.facet_pairs(it)[0]),
                "meta_date": strip_tags(views.date_text(p, it)),
                "meta_type": views.type_label(p, it)}
