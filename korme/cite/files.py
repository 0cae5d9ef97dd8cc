"""The citation files a build writes, per language: ``<lang>/<exhibition>/cite/`` holds the
whole exhibition (``<exhibition>.bib``, ``.ris``, ``.json``) and each item
(``items/<id>.bib`` …), in BibTeX, RIS and CSL-JSON made from the same CSL-JSON records as the
pages' citations; and which images get a full-size download (:mod:`korme.images.full`).

An item's three entries are kept in the build cache (``citations``) under the digest of what
they are made from: the item's, its exhibition's, its institution's and the site's records,
the page's address, the date of access and the code. A build after an edit makes the edited
items' entries again and puts the exhibition's files together from the kept ones; a cold
build makes them in forked workers, which write the items' files themselves.
"""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from korme import urls
from korme.cache import Store
from korme.cite.export import (
    bibtex_entry,
    bibtex_file,
    csl_json_entry,
    csl_json_file,
    ris_entry,
    ris_file,
)
from korme.cite.record import csl_record
from korme.cite.reuse import downloads
from korme.diskstore import DiskStore
from korme.forking import fork_workers, forked_pool
from korme.images.full import cached_full
from korme.images.model import Derivative, PlannedImage
from korme.model import Exhibition, Item, Site
from korme.outputs import Output
from korme.pagesink import PageSink

FORMATS: tuple[tuple[str, str, Callable[[dict[str, Any]], str],
                     Callable[[Sequence[str]], str]], ...] = (
    ("bib", "BibTeX", bibtex_entry, bibtex_file), ("ris", "RIS", ris_entry, ris_file),
    ("json", "CSL-JSON", csl_json_entry, csl_json_file))
PARALLEL_MIN = 400  # items' files to make before forked workers pay off
CHUNK = 100  # items per worker's task

Entries = tuple[str, ...]  # an item's entry in each format of FORMATS


def exhibition_files(lang: str, ex: str) -> tuple[tuple[str, str], ...]:
    """``(label, site path)`` of the whole exhibition's files, one per format."""
    return tuple((label, f"{urls.exhibition(lang, ex)}cite/{ex}.{ext}")
                 for ext, label, _e, _f in FORMATS)


def item_files(lang: str, ex: str, item: str) -> tuple[tuple[str, str], ...]:
    """``(label, site path)`` of one item's files, one per format."""
    return tuple((label, f"{urls.exhibition(lang, ex)}cite/items/{item}.{ext}")
                 for ext, label, _e, _f in FORMATS)


def page_url(site: Site, path: str) -> str:
    """A page's permanent address: absolute with a ``base_url``, else from the site's root."""
    return urls.absolute(site.config.base_url, path) or "/" + path


@dataclass(frozen=True)
class CiteJob:
    """What the citation files are made from: the site, the date of access, the digests of
    the model's entities by key (:func:`korme.render.fingerprint.site_digests`) and of the
    code."""

    site: Site
    accessed: datetime.date
    digests: dict[Any, str]
    code: str

    def url(self, lang: str, ex: Exhibition, item: Item) -> str:
        return page_url(self.site, urls.item(lang, ex.slug, item.id))

    def key(self, lang: str, ex: Exhibition, item: Item) -> tuple[str, ...]:
        """The digest of everything an item's entries are made from (their cache key)."""
        inst = item.institution
        return ("cite-files", self.code, lang, self.url(lang, ex, item),
                self.accessed.isoformat(), self.digests[("site",)],
                self.digests[("exhibition", ex.slug)], self.digests[("item", ex.slug, item.id)],
                self.digests.get(("institution", inst.id), "") if inst is not None else "")

    def entries(self, lang: str, ex: Exhibition, item: Item) -> Entries:
        """The item's entry in each format."""
        rec = csl_record(item, lang, site=self.site, exhibition=ex,
                         url=self.url(lang, ex, item), accessed=self.accessed)
        return tuple(entry(rec) for _x, _l, entry, _f in FORMATS)


def _write_items(sink: PageSink, lang: str, ex: Exhibition,
                 made: list[tuple[int, Entries]]) -> dict[str, Output]:
    """Each item's files, from its entries."""
    out = {}
    for n, entries in made:
        for entry, (_x, _l, _e, join), (_label, path) in zip(
                entries, FORMATS, item_files(lang, ex.slug, ex.items[n].id), strict=True):
            out[path] = sink.take(path, join([entry]))
    return out


def cite_outputs(job: CiteJob, store: Store[Any] | DiskStore[Any], sink: PageSink,
                 workers: int | None) -> dict[str, Output]:
    """Every citation file of the site, written by ``sink``: an item's entries taken from
    ``store`` when kept, else made (in forked workers when there are many)."""
    site, out = job.site, {}
    groups = [(lang, ex) for lang in site.codes for ex in site.exhibitions if ex.items]
    keys = [[job.key(lang, ex, item) for item in ex.items] for lang, ex in groups]
    missing = sum(key not in store for group in keys for key in group)
    n = fork_workers(workers)
    with contextlib.ExitStack() as stack:
        pool = stack.enter_context(forked_pool(n, _init_worker, (job, sink, groups))) \
            if n > 1 and missing >= PARALLEL_MIN else None
        for g, (lang, ex) in enumerate(groups):  # one at a time: only its entries held
            every: dict[int, Entries] = {}
            for m, key in enumerate(keys[g]):
                found = store.get(key)
                if found is not None:
                    every[m] = tuple(found)
            out.update(_write_items(sink, lang, ex, list(every.items())))
            made = _make(job, sink, pool, groups, g, [m for m in range(len(keys[g]))
                                                       if m not in every], out)
            for m, entries in made:
                store.put(keys[g][m], entries)
                every[m] = entries
            for i, ((_x, _l, _e, join), (_label, path)) in enumerate(
                    zip(FORMATS, exhibition_files(lang, ex.slug), strict=True)):
                out[path] = sink.take(path, join([every[m][i] for m in range(len(keys[g]))]))
    return out


def _make(job: CiteJob, sink: PageSink, pool: Any, groups: list[tuple[str, Exhibition]],
          g: int, todo: list[int], out: dict[str, Output]) -> list[tuple[int, Entries]]:
    """The entries of items ``todo`` of group ``g``, their files written (by the workers)."""
    if pool is None:
        made, written = _make_share(job, sink, groups, g, todo)
        out.update(written)
        return made
    found: list[tuple[int, Entries]] = []
    for made, written in pool.imap_unordered(
            _make_in_worker, [(g, todo[i:i + CHUNK]) for i in range(0, len(todo), CHUNK)]):
        found.extend(made)
        out.update(written)
    return found


def _make_share(job: CiteJob, sink: PageSink, groups: list[tuple[str, Exhibition]], g: int,
                todo: list[int]) -> tuple[list[tuple[int, Entries]], dict[str, Output]]:
    lang, ex = groups[g]
    made = [(m, job.entries(lang, ex, ex.items[m])) for m in todo]
    return made, _write_items(sink, lang, ex, made)


# a forked worker's job, sink and groups: its one piece of module state
_WORKER: dict[str, Any] = {}


def _init_worker(job: CiteJob, sink: PageSink, groups: list[tuple[str, Exhibition]]) -> None:
    _WORKER.update(job=job, sink=sink, groups=groups)


def _make_in_worker(task: tuple[int, list[int]]
                    ) -> tuple[list[tuple[int, Entries]], dict[str, Output]]:
    return _make_share(_WORKER["job"], _WORKER["sink"], _WORKER["groups"], *task)


def full_size_images(site: Site, plan: dict[str, PlannedImage]) -> list[PlannedImage]:
    """The images offered at full size: ``download: full`` and rights that allow re-use."""
    found: dict[str, PlannedImage] = {}
    for ex in site.exhibitions:
        for item in ex.items:
            for image in item.images:
                planned = plan.get(image.rel)
                if planned is not None and downloads(site.config.download, item, image).full:
                    found[image.rel] = planned
    return list(found.values())


def full_size_outputs(full: dict[str, Derivative], cache_dir: Path) -> dict[str, Output]:
    """The full-size downloads, linked from the cache like every derivative."""
    return {d.path: Output("link", d.path, source=cached_full(cache_dir, d))
            for d in full.values()}
