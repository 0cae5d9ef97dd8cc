"""Parts of pages (a card, a catalogue entry) kept while nothing they read has changed.

A template marks a part with ``{% call p.cached("card", item) %}…{% endcall %}``. The first
render records what the part read (see :mod:`korme.render.tracking`): that list is kept in the
``traces`` store under the part's identity (its name, arguments and page), and its HTML in the
``fragments`` store under its fingerprint, the digest of everything it read. A later render of
the same part recomputes the fingerprint from the kept list and takes the HTML when one is
stored under it: an edit to one item renders one entry of each long list again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from korme.cache import Store
from korme.render.fingerprint import fingerprint
from korme.render.tracking import Key


@dataclass(frozen=True)
class Fragment:
    """A rendered part: its HTML, the picture styles it adds to its page, what it read."""

    html: str
    styles: dict[str, str]
    deps: tuple[Key, ...]


class Fragments:
    """The kept parts of pages, checked against the build's digests."""

    def __init__(self, traces: Store[tuple[Key, ...]], values: Store[tuple[str, dict[str, str]]],
                 common: str, digests: dict[Key, str]):
        self.traces, self.values = traces, values
        self.common, self.digests = common, digests

    def get(self, ident: tuple[Any, ...]) -> Fragment | None:
        deps = self.traces.get(("fragment", ident))
        if deps is None:
            return None
        found = self.values.get(fingerprint(self.common, ident, deps, self.digests))
        return Fragment(found[0], found[1], deps) if found is not None else None

    def put(self, ident: tuple[Any, ...], deps: set[Key], html: str,
            styles: dict[str, str]) -> None:
        kept = tuple(sorted(deps))
        self.traces.put(("fragment", ident), kept)
        self.values.put(fingerprint(self.common, ident, kept, self.digests), (html, styles))
