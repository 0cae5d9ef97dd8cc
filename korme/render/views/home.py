"""The home page's data: the current exhibitions staged large, the upcoming and past ones,
ways in (featured items, subjects, institutions, search) and the partners.

Only the home pages (one per language) read all of this, so reading every item here costs
nothing on the other pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from korme import urls
from korme.collate import sort_key
from korme.render.calendar import CALENDAR
from korme.render.context import Shown
from korme.render.values import exhibition_groups, period, today
from korme.render.views.base import DocLang, ViewInput, doc_lang
from korme.render.views.hero import SIZES_HERO, Cover, cover
from korme.render.views.show import Card, ExhibitionCard, InstitutionView
from korme.search.facets import text_key

FEATURED_ITEMS = 8  # items offered as a way in
SUBJECTS = 14  # subjects offered as a way in (the most shown first)


@dataclass(frozen=True)
class Feature:
    """A current exhibition, staged: its cover beside its title, dates and partners."""

    exhibition: Any
    href: str
    cover: Cover
    period: str
    partners: tuple[InstitutionView, ...]
    items: int


@dataclass(frozen=True)
class Way:
    """A link into an exhibition's finding lists: a subject or an institution."""

    label: Shown | str
    href: str
    count: int
    logo: str | None = None


@dataclass(frozen=True)
class HomeView:
    current: tuple[Feature, ...]
    upcoming: tuple[ExhibitionCard, ...]
    past: tuple[ExhibitionCard, ...]
    featured: tuple[Card, ...]
    subjects: tuple[Way, ...]
    institutions: tuple[Way, ...]
    intro_title: str
    intro: Shown
    intro_lang: DocLang | None
    partners: tuple[InstitutionView, ...]


def home(page: Any, v: ViewInput) -> HomeView:
    site, p = v.site, v.p
    intro = site.pages.get("index")
    doc = intro.doc(p.lang.code, site.codes) if intro else None
    groups = exhibition_groups(site.exhibitions, today())
    p.rec.add(CALENDAR)  # re-rendered when the groups change (korme.render.calendar)
    current = tuple(_feature(v, ex, eager=n == 0) for n, ex in enumerate(groups["current"]))
    shown = groups["current"] or groups["upcoming"] or groups["past"]
    return HomeView(
        current,
        tuple(v.show.exhibition_card(ex) for ex in groups["upcoming"]),
        tuple(v.show.exhibition_card(ex) for ex in groups["past"]),
        tuple(v.show.card(it) for it in _featured(shown)),
        _subjects(v, shown), _institutions(v, shown),
        doc.meta.title if doc else "",
        Shown(p.markdown.block(doc.body), html=True) if doc else Shown(""),
        doc_lang(v, doc) if doc else None,
        tuple(v.show.institution(i) for i in site.institutions.values()))


def _feature(v: ViewInput, ex: Any, eager: bool) -> Feature:
    p = v.p
    return Feature(ex, p.link(urls.exhibition(p.lang.code, ex.slug)),
                   cover(p, ex, SIZES_HERO, eager, hero=True), period(p, ex),
                   tuple(v.show.institution(i) for i in ex.institutions), len(ex.items))


def _featured(exhibitions: Any) -> list[Any]:
    """Items to start from: those the exhibitions' sections show, then the others; with
    images first, taken in turn from each exhibition."""
    queues = []
    for ex in exhibitions:
        ranked = sorted(ex.items, key=lambda it: (not it.images, not it.featured_in))
        queues.append(ranked)
    out: list[Any] = []
    while len(out) < FEATURED_ITEMS and any(queues):
        for queue in queues:
            if queue and len(out) < FEATURED_ITEMS:
                out.append(queue.pop(0))
    return out


def _subjects(v: ViewInput, exhibitions: Any) -> tuple[Way, ...]:
    """The subjects most shown, each leading to its group on an exhibition's subjects page."""
    p, codes = v.p, v.site.codes
    found: dict[str, tuple[Any, dict[str, int]]] = {}
    for ex in exhibitions:
        for it in ex.items:
            for subject in it.record.subjects:
                label, counts = found.setdefault(text_key(subject, codes), (subject, {}))
                counts[ex.slug] = counts.get(ex.slug, 0) + 1
    # the most shown first, ties by key: the same subjects on every language's home page
    ranked = sorted(found.items(), key=lambda kv: (-sum(kv[1][1].values()), kv[0]))[:SUBJECTS]
    out = []
    for key, (label, counts) in sorted(ranked, key=lambda kv: sort_key(p.plain(kv[1][0]),
                                                                        p.lang.code)):
        where = max(counts, key=lambda slug: counts[slug])
        out.append(Way(p.t(label), p.link(urls.browse(p.lang.code, where, "subjects")) +
                       f"#{key}", sum(counts.values())))
    return tuple(out)


def _institutions(v: ViewInput, exhibitions: Any) -> tuple[Way, ...]:
    """The institutions holding the items, each leading to its group of items."""
    p = v.p
    held: dict[str, tuple[Any, dict[str, int]]] = {}
    for ex in exhibitions:
        for it in ex.items:
            if it.institution is not None:
                inst, counts = held.setdefault(it.institution.id, (it.institution, {}))
                counts[ex.slug] = counts.get(ex.slug, 0) + 1
    out = []
    for ident, (inst, counts) in held.items():
        where = max(counts, key=lambda slug: counts[slug])
        out.append(Way(p.t(inst.name), p.link(urls.browse(p.lang.code, where, "institutions"))
                       + f"#{ident}", sum(counts.values()), v.show.institution(inst).logo))
    return tuple(sorted(out, key=lambda w: sort_key(str(w.label), p.lang.code)))
