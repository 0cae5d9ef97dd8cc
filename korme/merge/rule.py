"""The import merge rule: imported records merged into items.yaml, all valid or nothing.

Each imported record is matched with an item by ``id``, else (no id given) by ``identifier``,
the shelfmark; it updates only the fields and languages it has (:mod:`korme.merge.values`);
records that match no item are appended (with the id they give, or one made from their
identifier or title); items the import does not name are kept and listed, or removed with
``prune`` (a backup of items.yaml kept). Every merged record is validated as ``korme check``
would; nothing is written unless all of them are valid.
"""

from __future__ import annotations

import datetime
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from korme.dates import parse_date
from korme.errors import Position, Report
from korme.l10n import Text, _, message_of
from korme.load.reader import Located
from korme.load.records import validate_record
from korme.load.schema import SLUG_RE, ItemRecord
from korme.merge.items_file import ItemsFile, ItemsProblem, write_atomic
from korme.merge.values import merge_value, plain
from korme.search.translit import slugify

Locate = Callable[[tuple[Any, ...]], Position]


def _item_context(loc: tuple[Any, ...], ident: str) -> str | Text:
    return _("item '{id}'", id=ident)


@dataclass(frozen=True)
class Incoming:
    """One imported record: its fields (empty ones left out), where its fields come from
    (``at(("title",))``), a name for messages (``row 7``), an id to use if it is new, and what
    leads a message about one of its fields (``item 'x'``; a catalogue: record and tag)."""

    record: dict[str, Any]
    at: Locate
    label: str | Text
    new_id: str | None = None
    describe: Callable[[tuple[Any, ...], str], str | Text] = _item_context


@dataclass
class Outcome:
    """What a merge did (or would do): ids updated, added, unchanged, not in the import."""

    updated: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    pruned: bool = False
    backup: Path | None = None
    written: bool = False


def _identifier(value: Any) -> str:
    return str(plain(value)).strip() if value is not None else ""


def _fresh_id(candidate: str, taken: set[str]) -> str:
    base = slugify(candidate)[:60].strip("-") or "item"
    if not SLUG_RE.match(base):
        base = "item"
    ident, n = base, 2
    while ident in taken:
        ident, n = f"{base}-{n}", n + 1
    return ident


class _Matcher:
    def __init__(self, items: ItemsFile):
        self.by_id = {str(r.get("id")): i for i, r in enumerate(items.data)}
        self.by_identifier: dict[str, list[int]] = {}
        for i, r in enumerate(items.data):
            if _identifier(r.get("identifier")):
                self.by_identifier.setdefault(_identifier(r.get("identifier")), []).append(i)
        self.items = items

    def match(self, inc: Incoming, report: Report) -> int | bool | None:
        """The index of the matching item, None for a new one, False after an error."""
        ident = inc.record.get("id")
        if ident is not None:
            return self.by_id.get(str(ident))
        shelfmark = _identifier(inc.record.get("identifier"))
        if not shelfmark:
            report.error(inc.at(()), _("{label}: neither an id nor an identifier (shelfmark): "
                                       "it cannot be matched with an item", label=inc.label))
            return False
        found = self.by_identifier.get(shelfmark, [])
        if len(found) > 1:
            ids = ", ".join(str(self.items.data[i].get("id")) for i in found)
            report.error(inc.at(("identifier",)), _(
                "{label}: the identifier '{identifier}' belongs to several items ({ids}); "
                "give the id to say which", label=inc.label, identifier=shelfmark, ids=ids))
            return False
        return found[0] if found else None


def _merge_images(target: CommentedMap, images: list[dict[str, Any]],
                  languages: tuple[str, ...]) -> dict[int, int]:
    """Images matched by ``file`` (or ``iiif``) and merged; new ones appended. Returns the
    merged index of each imported image."""
    existing = target.get("images")
    if not isinstance(existing, list):
        existing = None
    where: dict[int, int] = {}
    for n, image in enumerate(images):
        key = "file" if "file" in image else "iiif"
        found = next((i for i, old in enumerate(existing or [])
                      if isinstance(old, dict) and image.get(key) is not None
                      and str(old.get(key)) == str(image.get(key))), None)
        if found is None or existing is None:
            merged = CommentedMap()
            for name, value in image.items():
                merged[name] = merge_value(None, value, name, languages)
            if existing is None:
                target["images"] = existing = CommentedSeq()
            existing.append(merged)
            where[n] = len(existing) - 1
        else:
            for name, value in image.items():
                existing[found][name] = merge_value(existing[found].get(name), value, name,
                                                    languages)
            where[n] = found
    return where


def merge_record(target: CommentedMap, record: dict[str, Any], languages: tuple[str, ...]
                 ) -> dict[int, int]:
    """Merge one imported record into an item's node (see the module); the imported
    images' merged indexes."""
    where: dict[int, int] = {}
    for name, value in record.items():
        if name == "images":
            where = _merge_images(target, value, languages)
            continue
        if name == "id" and "id" in target:
            continue
        merged = merge_value(target.get(name), value, name, languages)
        if name not in target and "images" in target:
            target.insert(list(target).index("images"), name, merged)
        else:
            target[name] = merged
    return where


def _error_locs(data: dict[str, Any]) -> list[tuple[Any, ...]]:
    """The field path of each validation error, in the order they are reported."""
    try:
        ItemRecord.model_validate(data)
    except ValidationError as exc:  # validator names in locs left out, as the loader does
        return [tuple(p for p in err["loc"] if not (isinstance(p, str) and "[" in p))
                for err in exc.errors()]
    return []


def _validate(record: CommentedMap, inc: Incoming, where: dict[int, int], report: Report
              ) -> None:
    """Report the merged record's problems at the imported fields that caused them (the
    record's own place for fields the import did not give), each message led by
    :attr:`Incoming.describe` (the item, or the catalogue record and field tag)."""
    back = {merged: n for n, merged in where.items()}

    def at(loc: tuple[Any, ...]) -> Position:
        if len(loc) >= 2 and loc[0] == "images" and isinstance(loc[1], int):
            return inc.at(("images", back[loc[1]], *loc[2:])) if loc[1] in back \
                else inc.at(())
        return inc.at(loc[:1]) if loc and loc[0] in inc.record else inc.at(())

    data = plain(record)
    ident = str(data.get("id"))
    local = Report()
    valid = validate_record(ItemRecord, Located(inc.at(()).path, data, {}), local)
    for d, loc in zip(local.diagnostics, _error_locs(data), strict=False):
        report.error(at(loc), _("{context}: {message}", context=inc.describe(loc, ident),
                                message=d.message))
    if valid is not None and valid.date:
        try:
            parse_date(valid.date)
        except ValueError as exc:
            report.error(at(("date",)), _("{context}: date: {message}",
                                          context=inc.describe(("date",), ident),
                                          message=message_of(exc)))


def _in_order(record: dict[str, Any]) -> dict[str, Any]:
    """A new record's fields in the content format's order (then the site's own fields)."""
    order = {name: n for n, name in enumerate(ItemRecord.model_fields)}
    return dict(sorted(record.items(), key=lambda kv: order.get(kv[0], len(order))))


def merge_items(target: Path, incoming: list[Incoming], languages: tuple[str, ...],
                report: Report, prune: bool = False, source: str = "") -> Outcome | None:
    """Merge ``incoming`` into the items.yaml at ``target`` (see the module); problems go to
    ``report`` and then nothing is written (None)."""
    try:
        items = ItemsFile.read(target)
    except ItemsProblem as exc:
        report.error(Position(str(target), exc.line, exc.column), exc.message)
        return None
    matcher, outcome = _Matcher(items), Outcome()
    taken = set(matcher.by_id)
    seen: dict[int, str | Text] = {}
    changed: set[int] = set()
    added: list[CommentedMap] = []
    for inc in incoming:
        index = matcher.match(inc, report)
        if index is False:
            continue
        if isinstance(index, int):
            if index in seen:
                report.error(inc.at(()), _("{label}: the same item as {other} ('{id}')",
                                           label=inc.label, other=seen[index],
                                           id=items.data[index].get("id")))
                continue
            seen[index] = inc.label
            node = items.data[index]
            before = plain(node)
            where = merge_record(node, inc.record, languages)
            if plain(node) != before:
                changed.add(index)
                outcome.updated.append(str(node.get("id")))
            else:
                outcome.unchanged.append(str(node.get("id")))
        else:
            ident = str(inc.record.get("id") or _fresh_id(
                inc.new_id or _identifier(inc.record.get("identifier")) or "item", taken))
            taken.add(ident)
            node = CommentedMap([("id", ident)])
            where = merge_record(node, _in_order(inc.record), languages)
            added.append(node)
            outcome.added.append(ident)
        _validate(node, inc, where, report)
    outcome.missing = [str(r.get("id")) for i, r in enumerate(items.data) if i not in seen]
    if report.errors:  # (those of the import's own reading too): nothing is written
        return None
    removed = {i for i in range(len(items.data)) if i not in seen} if prune else set()
    outcome.pruned = bool(removed)
    if not changed and not added and not removed:
        return outcome
    header = f"# Items imported by `korme import` from {source} on " \
             f"{datetime.date.today().isoformat()}.\n\n"
    text = items.render(changed, removed, added, header)
    if removed and target.exists():
        outcome.backup = backup(target)
    write_atomic(target, text)
    outcome.written = True
    return outcome


def backup(target: Path) -> Path:
    """A copy of ``target`` beside it, named with the time (never overwriting another)."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    path, n = target.with_name(f"{target.name}.bak-{stamp}"), 1
    while path.exists():
        path, n = target.with_name(f"{target.name}.bak-{stamp}-{n}"), n + 1
    shutil.copy2(target, path)
    return path
