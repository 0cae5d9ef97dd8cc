"""Related items: what else in the exhibition shares an item's subjects, creator or institution.

A plain function of the model: the same exhibition and item always give the same ids in the
same order. Subjects and creators are compared by their default-language text (case and spaces
aside), so ``{kk: "Поэзия", ru: "Поэзия"}`` on two items is one subject.
"""

from __future__ import annotations

from collections import defaultdict

from korme.i18n import LangText
from korme.model import Exhibition, Item

SUBJECT = 3  # points for each shared subject
CREATOR = 3  # for each shared creator
INSTITUTION = 1  # for the same holding institution: alone, it only fills a short list


def text_key(value: LangText, order: tuple[str, ...]) -> str:
    """A value's default-language text, case and spaces aside."""
    return " ".join(value.pick(order[0] if order else "", order).casefold().split())


def _subjects(item: Item, order: tuple[str, ...]) -> set[str]:
    return {text_key(s, order) for s in item.record.subjects}


def _creators(item: Item, order: tuple[str, ...]) -> set[str]:
    return {text_key(c, order) for c in item.record.creator}


def _institution(item: Item) -> str | None:
    return item.institution.id if item.institution else item.record.institution


def relatedness(a: Item, b: Item, order: tuple[str, ...] = (),
                institution: bool = True) -> int:
    """How related two items are: points for shared subjects, creators and (``institution``)
    the same institution."""
    score = SUBJECT * len(_subjects(a, order) & _subjects(b, order))
    score += CREATOR * len(_creators(a, order) & _creators(b, order))
    inst = _institution(a)
    if institution and inst is not None and inst == _institution(b):
        score += INSTITUTION
    return score


def related_items(exhibition: Exhibition, item: Item, order: tuple[str, ...] = (),
                  limit: int = 4) -> tuple[str, ...]:
    """The ids of up to ``limit`` items of ``exhibition`` most related to ``item``.

    Highest score first; equal scores keep the exhibition's order. Items sharing only the
    institution come after every item sharing a subject or a creator, and only when the
    exhibition's items come from more than one institution; the item itself and items sharing
    nothing are left out. ``order`` is the site's language order.
    """
    scored = []
    several = len({_institution(it) for it in exhibition.items}) > 1
    for position, other in enumerate(exhibition.items):
        if other.id == item.id:
            continue
        score = relatedness(item, other, order, several)
        if score > 0:
            scored.append((-score, position, other.id))
    scored.sort()
    return tuple(ident for _, _, ident in scored[:max(0, limit)])


def related_index(exhibition: Exhibition, order: tuple[str, ...] = (),
                  limit: int = 4) -> dict[str, tuple[str, ...]]:
    """:func:`related_items` of every item of ``exhibition`` at once (the same ids in the same
    order), through an index of subjects and creators, so a large exhibition is not compared
    item by item."""
    position = {it.id: n for n, it in enumerate(exhibition.items)}
    # the institution tells items apart only where they come from more than one
    several = len({_institution(it) for it in exhibition.items}) > 1
    by_key: defaultdict[tuple[str, str], list[str]] = defaultdict(list)
    by_inst: defaultdict[str, list[str]] = defaultdict(list)
    keys: dict[str, list[tuple[str, str]]] = {}
    for it in exhibition.items:
        keys[it.id] = [("s", k) for k in _subjects(it, order)] + \
            [("c", k) for k in _creators(it, order)]
        for k in keys[it.id]:
            by_key[k].append(it.id)
        inst = _institution(it)
        if inst is not None:
            by_inst[inst].append(it.id)
    out: dict[str, tuple[str, ...]] = {}
    for it in exhibition.items:
        points: defaultdict[str, int] = defaultdict(int)
        for k in keys[it.id]:
            for other in by_key[k]:
                points[other] += SUBJECT if k[0] == "s" else CREATOR
        inst = _institution(it) if several else None
        if inst is not None:
            for other in points:
                if _institution(exhibition.items[position[other]]) == inst:
                    points[other] += INSTITUTION
        points.pop(it.id, None)
        ranked = sorted((-score, position[o], o) for o, score in points.items())
        chosen = [o for _, _, o in ranked[:max(0, limit)]]
        if inst is not None and len(chosen) < limit:  # the same institution only: in order
            taken = {*chosen, it.id}
            chosen += [o for o in by_inst[inst] if o not in taken][:limit - len(chosen)]
        out[it.id] = tuple(chosen)
    return out
