"""What a page read while it rendered, recorded as it reads it (as Lektor does).

Views and templates never see the model itself: they get :class:`Tracked` views of its
entities (the site, an exhibition, an item, a section, a site page, an institution). Reading
any attribute of one records the entity's key in the page's :class:`Recorder`; entities
reached through it (an item's institution, an exhibition's items) come back tracked as well.
So what a page depends on is exactly what it read, whichever template or field did the
reading: a theme that shows one more field needs no change here. The page is keyed on the
whole record of every entity it read (see :mod:`korme.render.fingerprint`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from korme.load.schema import Institution
from korme.model import Exhibition, Item, Section, Site, SitePage

Key = tuple[str, ...]


def entity_key(obj: Any) -> Key | None:
    """The dependency key of a model entity (``None`` for anything else)."""
    kind = type(obj)
    if kind is Item:
        return ("item", obj.exhibition, obj.record.id)
    if kind is Section:
        return ("section", obj.exhibition, obj.slug)
    if kind is Exhibition:
        return ("exhibition", obj.slug)
    if kind is Institution:
        return ("institution", obj.id)
    if kind is SitePage:
        return ("page", obj.slug)
    if kind is Site:
        return ("site",)
    return None


ENTITY_TYPES = (Item, Section, Exhibition, Institution, SitePage, Site)


class Recorder:
    """The keys one page read; nested scopes (a cached fragment) record into their own set,
    which is added to the enclosing one when the scope ends. Inside a nested scope the
    targets of the links made are recorded too: a fragment depends on where its page is only
    through its links."""

    def __init__(self) -> None:
        self._scopes: list[set[Key]] = [set()]
        self._targets: list[set[str]] = []
        self.nested = False  # whether a nested scope is open
        self.current = self._scopes[0]  # the innermost scope's keys (where reads go)

    def add(self, key: Key) -> None:
        self.current.add(key)

    def update(self, keys: Iterator[Key] | set[Key] | tuple[Key, ...]) -> None:
        self.current.update(keys)

    def target(self, target: str) -> None:
        """A link to ``target`` was made (recorded inside nested scopes only)."""
        self._targets[-1].add(target)

    def targets(self, targets: tuple[str, ...]) -> None:
        if self._targets:
            self._targets[-1].update(targets)

    def push(self) -> None:
        """Start a nested scope."""
        self._scopes.append(set())
        self._targets.append(set())
        self.nested = True
        self.current = self._scopes[-1]

    def pop(self) -> tuple[set[Key], set[str]]:
        """End the nested scope: its keys (also added to the enclosing scope) and link
        targets (also the enclosing scope's, when it is nested)."""
        keys, targets = self._scopes.pop(), self._targets.pop()
        self.current = self._scopes[-1]
        self.current.update(keys)
        if self._targets:
            self._targets[-1].update(targets)
        self.nested = bool(self._targets)
        return keys, targets

    @property
    def keys(self) -> set[Key]:
        """Everything recorded so far in the outermost scope."""
        return self._scopes[0]

    def trace(self) -> tuple[Key, ...]:
        """What the page read, in a stable order (its trace in the build cache)."""
        return tuple(sorted(self._scopes[0]))


def track(value: Any, rec: Recorder) -> Any:
    """``value`` as a template may see it: entities (also inside tuples, lists and dict
    values) tracked, everything else as it is."""
    kind = type(value)
    if kind in ENTITY_TYPES:
        return Tracked(value, rec)
    if kind is tuple or kind is list:
        if value and type(value[0]) in ENTITY_TYPES:
            return tuple(Tracked(v, rec) for v in value)
        return value
    if kind is dict:
        if value and type(next(iter(value.values()))) in ENTITY_TYPES:
            return {k: Tracked(v, rec) for k, v in value.items()}
        return value
    return value


class Tracked:
    """A read-only view of a model entity that records every read in a :class:`Recorder`."""

    __slots__ = ("_key", "_memo", "_rec", "_target")

    def __init__(self, target: Any, rec: Recorder):
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "_rec", rec)
        object.__setattr__(self, "_key", entity_key(target))
        object.__setattr__(self, "_memo", {})

    def __getattr__(self, name: str) -> Any:
        self._rec.current.add(self._key)
        memo = self._memo
        if name in memo:
            return memo[name]
        value = getattr(self._target, name)
        if callable(value) and not isinstance(value, type):
            value = _tracked_method(value, self._rec)
        else:
            value = track(value, self._rec)
        memo[name] = value
        return value

    def __iter__(self) -> Iterator[Any]:
        """Iterating a record (an institution's fields) reads all of it."""
        self._rec.add(self._key)
        return iter(self._target)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"the model is read-only ({name})")

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Tracked):
            return self._key == other._key
        return bool(self._target == other)

    def __hash__(self) -> int:
        return hash(self._key)

    def __repr__(self) -> str:
        return f"Tracked({self._key})"

    @property
    def dep_key(self) -> Key:
        """The entity's dependency key (reading it records nothing)."""
        return self._key  # type: ignore[no-any-return]

    @property
    def untracked(self) -> Any:
        """The entity itself, for code that records its own reads (see :func:`untrack`)."""
        return self._target


def _tracked_method(method: Callable[..., Any], rec: Recorder) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        return track(method(*args, **kwargs), rec)
    return call


def untrack(value: Any) -> Any:
    """The model object behind a tracked one (or the value itself)."""
    return value.untracked if type(value) is Tracked else value


class TrackedMapping(Mapping[str, Any]):
    """A mapping whose reads are recorded as ``(prefix, key)`` (the image plan by path)."""

    def __init__(self, data: Mapping[str, Any], prefix: str, rec: Recorder):
        self._data, self._prefix, self._rec = data, prefix, rec

    def __getitem__(self, key: str) -> Any:
        self._rec.add((self._prefix, key))
        return self._data[key]

    def get(self, key: str, default: Any = None) -> Any:
        self._rec.add((self._prefix, key))
        return self._data.get(key, default)

    def __iter__(self) -> Iterator[str]:
        self._rec.add((self._prefix,))
        return iter(self._data)

    def __len__(self) -> int:
        self._rec.add((self._prefix,))
        return len(self._data)
