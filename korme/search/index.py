"""The site's search index, in shards that a build re-indexes only when their pages changed.

A page is given to the index as it is rendered (:meth:`SearchIndex.add`, in whichever process
renders it): its :class:`~korme.search.document.SearchDoc` is kept in the cache under the hash
of the page's HTML. At the end of the render stage, :meth:`SearchIndex.finish` groups every
indexed page into a shard — by language and exhibition (site pages apart), and a large
exhibition's pages further by a hash of their path into 2, 4, 8… runs of at most
:data:`SHARD_PAGES` — and runs Pagefind only on the shards whose pages changed; the others'
files are kept from the previous site. Each shard is a Pagefind index of its own in
``pagefind/<shard>/``; the search page merges a language's shards in the browser (Pagefind's
``mergeIndex``), listed in ``pagefind/shards.json``.

Nothing here holds the whole site: the documents of the pages are read from the cache when
their shard is indexed, and the shards' files are linked from the folder Pagefind wrote them
in (:data:`BUILT`, emptied once the site is written).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from korme.model import Site
from korme.outputs import PageStream
from korme.pagesink import PageSink, peek
from korme.search import engine
from korme.search.document import SearchDoc, page_document
from korme.search.offline import offline_files
from korme.state import BuildState, content_hash
from korme.write import Output

FOLDER = "pagefind"
MANIFEST = f"{FOLDER}/shards.json"
SHARD_PAGES = 300  # pages of one language in one shard, at most (about)
FORMAT = "5"  # of the documents and shards: a change reads and indexes every page again
BUILT = "built"  # in the cache's search folder: the shards indexed by this build, until written


def _key(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()[:20]


@dataclass(frozen=True)
class Sharding:
    """Which shard a page belongs to: ``{lang}-{exhibition}`` (or ``{lang}-site``), and for the
    items of an exhibition with more than :data:`SHARD_PAGES`, ``{lang}-{exhibition}-{n}``:
    2, 4, 8… runs by a hash of the page's path (stable when items come and go; a new run count
    only when the exhibition doubles). An item's edit then indexes again its run and, where
    its title shows, the exhibition's small shard of sections."""

    groups: Mapping[str, int] = field(default_factory=dict)  # exhibition slug -> its items

    @classmethod
    def of(cls, site: Site) -> Sharding:
        """The site's exhibitions and how many items each has."""
        return cls({ex.slug: len(ex.items) for ex in site.exhibitions})

    def __call__(self, path: str) -> str:
        lang, _, rest = path.partition("/")
        group, _, inside = rest.partition("/")
        if group not in self.groups:
            return f"{lang}-site"
        runs = 1
        while self.groups[group] > runs * SHARD_PAGES:
            runs *= 2
        if runs == 1 or not inside.startswith("items/"):
            return f"{lang}-{group}"
        return f"{lang}-{group}-{zlib.crc32(inside.encode()) % runs}"


@dataclass
class SearchState:
    """What the last build's index holds, kept in the cache beside the build state."""

    # path -> [page hash, shard (None: not indexed), hash of its document]
    pages: dict[str, list[str | None]] = field(default_factory=dict)
    shards: dict[str, str] = field(default_factory=dict)  # shard -> key of its pages
    offline: str = ""  # key of the offline data files

    @classmethod
    def load(cls, path: Path) -> SearchState:
        try:
            data = json.loads(path.read_text("utf-8"))
            return cls(dict(data["pages"]), dict(data["shards"]), str(data.get("offline", "")))
        except (OSError, ValueError, KeyError, TypeError):
            return cls()

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        tmp.write_text(json.dumps({"pages": self.pages, "shards": self.shards,
                                   "offline": self.offline}), "utf-8")
        tmp.replace(path)


class IndexingSink:
    """A page sink that also gives each page to the index (see ``korme.pagesink.PageSink``)."""

    def __init__(self, sink: PageSink, index: SearchIndex) -> None:
        self.sink, self.index = sink, index

    def take(self, path: str, html: str) -> Output:
        self.index.add(path, html)
        return self.sink.take(path, html)

    def take_pieces(self, path: str, page: PageStream, indexed: bool = True) -> Output:
        """A page as it is made: a long one of a kind the index does not read (a list) is
        written as it is made; the others are read whole."""
        if not indexed:
            start, pieces = peek(page.body, self.sink.stream_from)
            page = PageStream(pieces, page.head)
            if len(start) >= self.sink.stream_from:
                output = self.sink.stream(path, page)
                self.index.add_unread(output.hash)
                return output
        return self.take(path, page.whole())


class SearchIndex:
    """The search index of one build into one output folder (see the module's notes).

    ``add`` may be called in any process (forked render workers); ``finish`` and ``commit``
    in the build's own, after every changed page was added.
    """

    def __init__(self, cache: Path, output: Path, sharding: Sharding,
                 offline: bool = False) -> None:
        self.cache = cache
        self.docs = cache / "search" / "docs"
        key = hashlib.sha256(str(output.resolve()).encode()).hexdigest()[:16]
        self.state_path = cache / "search" / f"state-{key}.json"
        self.previous = SearchState.load(self.state_path)
        self.sharding = sharding
        self.offline = offline
        self.state: SearchState | None = None
        self.seconds = 0.0
        self.indexed: list[str] = []  # the shards indexed again by this build

    # in any process -----------------------------------------------------------------------
    def add(self, path: str, html: str, lang: str = "") -> None:
        """Take a rendered page (``kk/ex/index.html``) into the index."""
        digest = content_hash(html.encode("utf-8"))
        target = self._doc_path(digest)
        if target.exists():
            return
        url = path.removesuffix("index.html")
        doc = page_document(url, lang or path.split("/", 1)[0], html)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".tmp{os.getpid()}")
        tmp.write_text(json.dumps(doc.to_json() if doc else None, ensure_ascii=False), "utf-8")
        tmp.replace(target)

    def add_unread(self, digest: str) -> None:
        """A page the index does not read, by its digest (never read again later)."""
        target = self._doc_path(digest)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_suffix(f".tmp{os.getpid()}")
            tmp.write_text("null", "utf-8")
            tmp.replace(target)

    def _doc_path(self, digest: str) -> Path:
        """A page's document, by the page's digest and the documents' format."""
        return self.docs / FORMAT / digest[:2] / f"{digest}.json"

    def _doc(self, path: str, digest: str, output: Path) -> SearchDoc | None:
        """A page's document: from the cache, or read again from the previous output (a
        page kept whose document was lost); ``None`` for a page not given to :meth:`add`
        (the root page, redirects) and pages without a ``data-pagefind-body``."""
        data = self._doc_data(path, digest, output)
        return SearchDoc.from_json(json.loads(data)) if data is not None else None

    def _doc_data(self, path: str, digest: str, output: Path) -> bytes | None:
        """A page's document as kept in the cache (JSON; see :meth:`_doc`)."""
        for _ in (1, 2):
            try:
                data = self._doc_path(digest).read_bytes()
                if data == b"null":
                    return None
                if not (data.startswith(b"[") and data.endswith(b"]")):  # cut short
                    raise ValueError(path)
                return data
            except (OSError, ValueError):
                try:
                    html = (output / path).read_bytes()
                except OSError:
                    return None
                if content_hash(html) != digest:
                    return None
                self.add(path, html.decode("utf-8"))
        return None

    # in the build's process ---------------------------------------------------------------
    def finish(self, pages: Mapping[str, str], old: BuildState, output: Path
               ) -> dict[str, Output]:
        """The search files of the new site, for every page of it (``path -> hash``)."""
        start = time.perf_counter()
        state = SearchState()
        members = self._members(pages, output, state)
        outputs: dict[str, Output] = {}
        todo: dict[str, engine.Docs] = {}
        for shard, listed in members.items():
            # what its pages give the index (a page changed only where the index does not
            # read it, such as the pager, changes no shard)
            key = _key(FORMAT, engine.pagefind_version(), [(p, k) for p, _, k in listed])
            state.shards[shard] = key
            kept = self._kept(shard, old, output)
            if self.previous.shards.get(shard) == key and kept:
                outputs.update(kept)
            else:
                todo[shard] = self._reader(listed, output)
        self.indexed = sorted(todo)
        for shard, files in engine.index_shards(todo, self.built).items():
            for rel, path in files.items():
                outputs[f"{FOLDER}/{shard}/{rel}"] = _link(path)
        outputs.update(self._common(members, output))
        if self.offline:
            outputs.update(self._offline(members, old, output, state))
        self.state = state
        self.seconds = time.perf_counter() - start
        return outputs

    def _reader(self, listed: list[tuple[str, str, str]], output: Path) -> engine.Docs:
        """The documents of a shard's pages, read when the shard is indexed."""
        def docs() -> Iterator[SearchDoc]:
            for path, digest, _ in listed:
                doc = self._doc(path, digest, output)
                if doc is not None:
                    yield doc
        return docs

    @property
    def built(self) -> Path:
        return self.cache / "search" / BUILT

    def _members(self, pages: Mapping[str, str], output: Path, state: SearchState
                 ) -> dict[str, list[tuple[str, str, str]]]:
        """Each shard's pages as ``(path, page hash, document hash)``, recorded in
        ``state`` (the documents of the pages that changed are read for their hash only)."""
        members: dict[str, list[tuple[str, str, str]]] = {}
        for path, digest in sorted(pages.items()):
            if not path.endswith(".html"):
                continue
            known = self.previous.pages.get(path)
            if known is not None and known[0] == digest and len(known) == 3:
                shard = self.sharding(path) if known[1] is not None else None
                doc_key = str(known[2])
            else:
                data = self._doc_data(path, digest, output)
                shard = self.sharding(path) if data is not None else None
                # = _key(doc.to_json()): the file is json.dumps(doc.to_json()), one list
                doc_key = hashlib.sha256(b"[" + data + b"]").hexdigest()[:20] \
                    if data is not None else ""
            state.pages[path] = [digest, shard, doc_key]
            if shard is not None:
                members.setdefault(shard, []).append((path, digest, doc_key))
        return members

    def _kept(self, shard: str, old: BuildState, output: Path) -> dict[str, Output] | None:
        """The previous build's files of a shard, when they are all still intact."""
        prefix = f"{FOLDER}/{shard}/"
        files = {p: r for p, r in old.files.items() if p.startswith(prefix)}
        if not any(p.endswith("pagefind-entry.json") for p in files) or \
                not all(old.intact(output, p) for p in files):
            return None
        return {p: Output("keep", r.hash) for p, r in files.items()
                if not p.endswith(".pagefind") and not p.endswith(".js")}

    def _common(self, members: dict[str, list[tuple[str, str, str]]], output: Path
                ) -> dict[str, Output]:
        """The shards' list per language, Pagefind's script, and each shard's worker and
        WebAssembly (hard links to one cached copy)."""
        langs: dict[str, list[str]] = {}
        for shard, listed in sorted(members.items()):
            path = listed[0][0]
            doc = self._doc(path, listed[0][1], output)
            langs.setdefault(doc.lang if doc else shard.split("-")[0], []).append(shard)
        manifest = json.dumps({"version": 1, "languages": langs}, ensure_ascii=False,
                              sort_keys=True).encode()
        out = {MANIFEST: Output("text", content_hash(manifest), data=manifest)}
        if not langs:  # nothing to search (no page has a data-pagefind-body)
            return out
        files = engine.assets(self.cache, langs)
        out.update({f"{FOLDER}/{n}": _link(files[n]) for n in engine.ASSETS})
        for lang, shards in langs.items():
            wasm = files[f"wasm:{lang}"]
            for shard in shards:
                out[f"{FOLDER}/{shard}/{wasm.name}"] = _link(wasm)
                out[f"{FOLDER}/{shard}/pagefind-worker.js"] = _link(
                    files["pagefind-worker.js"])
        return out

    def _offline(self, members: dict[str, list[tuple[str, str, str]]], old: BuildState,
                 output: Path, state: SearchState) -> dict[str, Output]:
        """The offline build's data files (every indexed page per language)."""
        state.offline = _key(FORMAT, sorted(state.shards.items()))
        prefix = f"{FOLDER}/offline/"
        kept = {p: r for p, r in old.files.items() if p.startswith(prefix)}
        if state.offline == self.previous.offline and kept and \
                all(old.intact(output, p) for p in kept):
            return {p: Output("keep", r.hash) for p, r in kept.items()}
        every = [(shard, self._doc(p, d, output))
                 for shard, listed in members.items() for p, d, _ in listed]
        return {prefix + name: Output("text", content_hash(data), data=data)
                for name, data in offline_files([(s, d) for s, d in every if d]).items()}

    def commit(self) -> None:
        """Remember what the new site's index holds (after it was written); drop the
        documents no page has any more."""
        shutil.rmtree(self.built, ignore_errors=True)  # written: the site has its own links
        if self.state is None:
            return
        self.state.save(self.state_path)
        wanted = {str(v[0]) for v in self.state.pages.values()}
        if self.docs.is_dir():
            for folder in self.docs.iterdir():
                for doc in folder.glob("*.json"):
                    if doc.stem not in wanted:
                        doc.unlink(missing_ok=True)


def _link(path: Path) -> Output:
    return Output("link", content_hash(path.read_bytes()), source=path)


def index_folder(folder: Path, cache: Path) -> None:
    """Index the pages of a built folder into ``folder/pagefind`` (``korme serve``'s preview,
    whose pages are written in place without a build state)."""
    index = SearchIndex(cache, folder, Sharding())
    pages = {}
    for page in sorted(folder.rglob("index.html")):
        rel = page.relative_to(folder).as_posix()
        data = page.read_bytes()
        index.add(rel, data.decode("utf-8"))
        pages[rel] = content_hash(data)
    for path, out in index.finish(pages, BuildState(), folder).items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if out.kind == "link" and out.source is not None:
            target.write_bytes(out.source.read_bytes())
        else:
            target.write_bytes(out.data)
    shutil.rmtree(index.built, ignore_errors=True)
