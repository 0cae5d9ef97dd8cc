"""Parts of pages (a card, a catalogue entry) kept while nothing they read has changed.

A template marks a part with ``{% call p.cached("card", item) %}…{% endcall %}``. The first
render records what the part read (see :mod:`korme.render.tracking`) and the targets of the
links it made: both are kept in the ``traces`` store under the part's identity (its name,
arguments and language), and its HTML in the ``fragments`` store under its fingerprint, the
digest of everything it read and of its links as made from its page. A later render of the
same part, on any page, recomputes the fingerprint from the kept lists (its links from that
page) and takes the HTML when one is stored under it: an edit to one item renders one entry of
each long list again, and the timeline, subjects and institutions pages, whose links to the
items are the same, share their entries. Inside a cached block, what is shown may depend only
on the arguments, on what is read of the model and on the links made.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from korme.cache import Store
from korme.render.fingerprint import fingerprint
from korme.render.tracking import Key


@dataclass(frozen=True)
class Fragment:
    """A rendered part: its HTML, the picture styles it adds to its page, what it read and
    the targets of its links."""

    html: str
    styles: dict[str, str]
    deps: tuple[Key, ...]
    targets: tuple[str, ...]


Trace = tuple[tuple[Key, ...], tuple[str, ...]]


class Fragments:
    """The kept parts of pages, checked against the build's digests."""

    def __init__(self, traces: Store[Trace], values: Store[tuple[str, dict[str, str]]],
                 common: str, digests: Mapping[Key, str]):
        self.traces, self.values = traces, values
        self.common, self.digests = common, digests

    def _fingerprint(self, ident: tuple[Any, ...], deps: tuple[Key, ...],
                     links: tuple[str, ...]) -> str:
        return fingerprint(self.common, (ident, links), deps, self.digests)

    def get(self, ident: tuple[Any, ...], link: Callable[[str], str]) -> Fragment | None:
        """The part ``ident`` if kept and still right, its links made with ``link``."""
        trace = self.traces.get(("fragment", ident))
        if trace is None:
            return None
        deps, targets = trace
        found = self.values.get(self._fingerprint(ident, deps,
                                                  tuple(link(t) for t in targets)))
        return Fragment(found[0], found[1], deps, targets) if found is not None else None

    def put(self, ident: tuple[Any, ...], deps: set[Key], targets: set[str],
            link: Callable[[str], str], html: str, styles: dict[str, str]) -> None:
        kept, made = tuple(sorted(deps)), tuple(sorted(targets))
        self.traces.put(("fragment", ident), (kept, made))
        self.values.put(self._fingerprint(ident, kept, tuple(link(t) for t in made)),
                        (html, styles))
