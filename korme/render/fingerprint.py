"""Digests of what pages are made from, so a rebuild renders only pages whose inputs changed.

Every entity of the model (the site's settings, an institution, a site page, an exhibition,
a section, an item) and every planned image has a digest of its whole record. A page's
fingerprint is the digest of the build's common inputs (theme, options, code), the page's own
identity and the digests of the entities it read while it rendered (recorded by
:mod:`korme.render.tracking`). A page whose fingerprint, recomputed from the keys it read last
time, is unchanged would render to the same bytes and is kept.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import marshal
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from korme.errors import Position
from korme.images.model import PlannedImage
from korme.load.reader import Located
from korme.model import Site
from korme.render.tracking import ENTITY_TYPES, Key, entity_key

_SKIPPED = (Position, Located, Path)  # where data came from, not data: never shown


def digest(*parts: Any) -> str:
    """A short digest of plain data (``repr`` of the model's values is deterministic)."""
    return hashlib.blake2b(repr(parts).encode(), digest_size=12).hexdigest()


@functools.cache
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(kind))


def _plain(value: Any, top: bool = False) -> Any:
    """A plain form of model data: other entities by their key, positions left out."""
    if not top and type(value) in ENTITY_TYPES:
        return entity_key(value)
    if isinstance(value, BaseModel):  # a record of plain values: its JSON says it all
        return (type(value).__name__, value.model_dump_json())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = ((name, getattr(value, name)) for name in _field_names(type(value)))
        return (type(value).__name__,
                *((name, _plain(v)) for name, v in fields if not isinstance(v, _SKIPPED)))
    if isinstance(value, dict):
        return tuple((k, _plain(v)) for k, v in value.items() if not isinstance(v, _SKIPPED))
    if isinstance(value, (list, tuple)):
        return tuple(_plain(v) for v in value if not isinstance(v, _SKIPPED))
    return value


def entity_digest(entity: Any) -> str:
    """The digest of one entity's whole record (entities it refers to by their keys)."""
    plain = _plain(entity, top=True)
    try:  # marshal's version 2 (no references: equal values, equal bytes) is faster than
        data = marshal.dumps(plain, 2)  # repr on texts in other scripts
    except ValueError:  # a value marshal does not know (a date): its repr
        return digest(plain)
    return hashlib.blake2b(data, digest_size=12).hexdigest()


def image_digest(plan: PlannedImage, placeholder: str | None) -> str:
    """What a page shows of a planned image: its derivatives' names and sizes, its colour."""
    return digest(plan.digest, plan.width, plan.height,
                  [(d.path, d.width, d.height, d.format) for d in plan.derivatives], placeholder)


class Digests(Mapping[Key, str]):
    """Each entity's and image's digest by dependency key, written with its key
    (``key=digest``: what a fingerprint is made of), each made when first asked for: a
    rebuild that renders the pages a browser shows first digests only what they read."""

    def __init__(self, makers: dict[Key, Callable[[], str]]) -> None:
        self._makers = makers
        self._made: dict[Key, str] = {}

    def __getitem__(self, key: Key) -> str:
        found = self._made.get(key)
        if found is None:
            found = self._made[key] = f"{key!r}={self._makers[key]()}"
        return found

    def get(self, key: Key, default: Any = None) -> Any:
        found = self._made.get(key)
        if found is not None:
            return found
        return self[key] if key in self._makers else default

    def __contains__(self, key: object) -> bool:
        return key in self._makers

    def __iter__(self) -> Iterator[Key]:
        return iter(self._makers)

    def __len__(self) -> int:
        return len(self._makers)

    def make_all(self) -> None:
        """Make every digest now (before workers are forked: made once, not in each)."""
        for key in self._makers:
            self[key]

    def add(self, key: Key, text: str) -> None:
        """Add a digest made elsewhere, already written ``key=digest``."""
        self._makers[key] = lambda: text
        self._made[key] = text


def site_digests(site: Site, images: dict[str, PlannedImage],
                 placeholders: dict[str, str]) -> Digests:
    """The digest of every entity and image of the site (see :class:`Digests`)."""
    out: dict[Key, Callable[[], str]] = {("site",): functools.partial(entity_digest, site)}
    for inst in site.institutions.values():
        out[("institution", inst.id)] = functools.partial(entity_digest, inst)
    for pg in site.pages.values():
        out[("page", pg.slug)] = functools.partial(entity_digest, pg)
    for ex in site.exhibitions:
        out[("exhibition", ex.slug)] = functools.partial(entity_digest, ex)
        for sec in ex.sections:
            out[("section", ex.slug, sec.slug)] = functools.partial(entity_digest, sec)
        for it in ex.items:
            out[("item", ex.slug, it.id)] = functools.partial(entity_digest, it)
    for rel, plan in images.items():
        out[("image", rel)] = functools.partial(image_digest, plan, placeholders.get(rel))
    out[("image",)] = functools.partial(digest, sorted(images))
    return Digests(out)


def fingerprint(common: str, identity: Any, deps: Iterable[Key],
                digests: Mapping[Key, str]) -> str:
    """A page's (or a fragment's) fingerprint: the build's common inputs, its identity, and
    the digests of what it read (a key no longer in the model counts as changed)."""
    h = hashlib.blake2b(f"{common}\n{identity!r}".encode(), digest_size=12)
    h.update("\n".join(sorted([digests.get(k) or f"{k!r}=gone" for k in deps])).encode())
    return h.hexdigest()


@functools.cache  # the code of a running process does not change
def code_digest() -> str:
    """The digest of this package's code and the libraries that shape the output (a new
    version of either renders every page again)."""
    from importlib.metadata import version

    h = hashlib.blake2b(digest_size=12)
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*.py")):
        h.update(path.relative_to(package).as_posix().encode())
        h.update(path.read_bytes())
    for lib in ("jinja2", "markupsafe", "markdown", "nh3", "babel", "edtf", "pydantic"):
        h.update(f"{lib} {version(lib)}".encode())
    return h.hexdigest()
