"""Parts of pages (list entries, filters) made once and reused.

Under ``korme serve`` a page's parts are kept from its previous build and reused while what they
show is unchanged (their key holds the hashes of their dependencies), so an edit to one item
re-renders one entry of each long list. Parts whose links are the same on several pages (the
timeline, subjects and institutions lists) are also shared between those pages in one build.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from korme.render.context import PageContext

Key = tuple[str, ...]


@dataclass(frozen=True)
class Part:
    """A part of a page and what it added to its page (picture styles and count)."""

    value: Any
    styles: dict[str, str]
    pictures: int


class PageParts:
    """The parts of the pages one process renders in one build."""

    def __init__(self, kept: dict[str, dict[Any, Part]] | None):
        self.kept = kept  # serve: every page's parts from the previous build, by URL
        self.hashes: dict[Key, str] | None = None  # the build's dependency hashes
        self.made: dict[str, dict[Any, Part]] = {}  # the parts of the pages rendered here
        self._old: dict[Any, Part] = {}
        self._new: dict[Any, Part] = {}
        self._shared: dict[Any, Part] = {}

    def start_page(self, url: str) -> None:
        """Begin collecting the parts of the page at ``url``."""
        if self.kept is not None:
            self._old, self._new = self.kept.get(url, {}), {}
            self.made[url] = self._new

    def reuse(self, p: PageContext, name: str, deps: tuple[Key, ...],
              make: Callable[[], Any], shared_by: str | None = None) -> Any:
        """The part ``name`` showing ``deps``, made by ``make`` unless it can be reused.

        ``shared_by``: every link the part holds, as a string; parts with the same links are
        shared by the pages of this build. The part's picture styles and count go to the page
        either way."""
        if self.hashes is None or (self.kept is None and shared_by is None):
            return make()
        key = (name, p.pictures == 0, shared_by,
               *(self.hashes.get(k, "?") for k in (("site",), *deps)))
        part = self._new.get(key) or self._old.get(key) or \
            (self._shared.get(key) if shared_by is not None else None)
        if part is None:
            outer, p.used_styles = p.used_styles, {}
            count = p.pictures
            value = make()
            part = Part(value, p.used_styles, p.pictures - count)
            p.used_styles = outer
        else:
            p.pictures += part.pictures
        p.used_styles.update(part.styles)
        if shared_by is not None:
            self._shared[key] = part
        if self.kept is not None:
            self._new[key] = part
        return part.value

    def keep(self, made: dict[str, dict[Any, Part]], urls: set[str]) -> None:
        """Keep the re-rendered pages' parts for the next build; forget pages that are gone."""
        if self.kept is None:
            return
        self.kept.update(made)
        for gone in self.kept.keys() - urls:
            del self.kept[gone]
