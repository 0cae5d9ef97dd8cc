"""Rendered Markdown that does not depend on the page, kept by content digest.

A text with no ``::item`` figure and no ``item:``/``section:`` link renders to the same HTML on
every page (an item's description on its page, in the catalogue, in its JSON-LD). When it needs
Python-Markdown (~0.5 ms), it is converted once per build, on every core before the pages are
rendered, and kept between builds: in the :class:`~korme.memo.Memo` under ``korme serve``,
in one file of the build cache otherwise. Only the texts a build used are kept. Plain prose is
not kept: its fast path (:mod:`korme.markdown.plain`) writes it on the page quicker than
its digest could be computed and looked up.
"""

from __future__ import annotations

import hashlib
import marshal
import multiprocessing
import os
from collections.abc import Iterable
from importlib.metadata import version
from pathlib import Path

from korme.forking import frozen_heap
from korme.markdown.plain import clean_plain_html, may_be_plain
from korme.markdown.render import FigureFn, LinkFn, MarkdownEngine
from korme.memo import Memo
from korme.state import input_key

FILE = "markdown.marshal"
CHUNK = 200  # texts per task


def is_pure(text: str) -> bool:
    """Whether the text's HTML is the same on every page (no figure, no item/section link)."""
    return "::item" not in text and "item:" not in text and "section:" not in text


def fragment_key(text: str, backlink_title: str) -> bytes:
    """The digest a pure text's HTML is kept under."""
    return hashlib.blake2b(f"{backlink_title}\0{text}".encode(), digest_size=16).digest()


def _engine_version() -> str:
    """What else the HTML depends on: this package's code (files' sizes and times, so a
    changed converter never reuses old HTML) and the converters' versions."""
    from korme import __version__

    code = input_key([Path(__file__).parent], ())
    return f"{__version__} {code} markdown {version('markdown')} nh3 {version('nh3')}"


class Fragments:
    """HTML of pure Markdown texts by :func:`fragment_key`, with the ones this build used."""

    def __init__(self, known: dict[bytes, str] | None = None, stamp: str = ""):
        self.known = known if known is not None else {}
        self.stamp = stamp or _engine_version()
        self.used: dict[bytes, str] = {}
        self.made = 0  # conversions this build had to do

    def get(self, key: bytes) -> str | None:
        html = self.used.get(key)
        if html is None:
            html = self.known.get(key)
            if html is not None:
                self.used[key] = html
        return html

    def put(self, key: bytes, html: str) -> None:
        self.used[key] = html
        self.made += 1

    # kept between builds --------------------------------------------------------------------
    @classmethod
    def load(cls, cache: Path, memo: Memo | None) -> Fragments:
        """The fragments the previous build kept (in the memo, else in the cache folder)."""
        stamp = _engine_version()
        if memo is not None:
            kept = memo.kept("markdown").get(stamp)
            if kept is not None:
                return cls(kept, stamp)
        try:
            saved, known = marshal.loads((cache / FILE).read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            return cls(None, stamp)
        return cls(known if saved == stamp and isinstance(known, dict) else None, stamp)

    def save(self, cache: Path, memo: Memo | None) -> None:
        """Keep what this build used, for the next one."""
        if memo is not None:
            memo.kept("markdown").put(self.stamp, self.used)
        if self.made or len(self.used) != len(self.known):
            tmp = cache / (FILE + ".tmp")
            tmp.write_bytes(marshal.dumps((self.stamp, self.used)))
            os.replace(tmp, cache / FILE)


class CachingEngine(MarkdownEngine):
    """A :class:`MarkdownEngine` that takes pure texts' HTML from (and adds it to) fragments."""

    def __init__(self, fragments: Fragments):
        super().__init__()
        self.fragments = fragments

    def convert(self, text: str, figure: FigureFn, link: LinkFn, backlink_title: str) -> str:
        html = clean_plain_html(text, backlink_title)
        if html is not None:  # plain prose: written directly, quicker than looked up
            return html
        if not is_pure(text):
            return self.convert_long(text, figure, link, backlink_title)
        key = fragment_key(text, backlink_title)
        html = self.fragments.get(key)
        if html is None:
            html = self.convert_long(text, figure, link, backlink_title)
            self.fragments.put(key, html)
        return html


# converting many texts on every core ---------------------------------------------------------
_WORKER: dict[str, MarkdownEngine] = {}  # a worker process's engine (never set in the parent)
PARALLEL_MIN = 400  # texts needing Python-Markdown (~0.5 ms each): forking a pool costs more


def _no_figure(_ident: str, _n: int) -> str:
    return ""


def _no_link(_kind: str, _target: str) -> str:
    return ""


def _convert(engine: MarkdownEngine, texts: list[tuple[str, str]]) -> list[tuple[bytes, str]]:
    return [(fragment_key(t, back), engine.convert_long(t, _no_figure, _no_link, back))
            for t, back in texts]


def _convert_in_worker(texts: list[tuple[str, str]]) -> list[tuple[bytes, str]]:
    return _convert(_WORKER.setdefault("engine", MarkdownEngine()), texts)


def prerender(fragments: Fragments, texts: Iterable[tuple[str, str]],
              workers: int | None) -> int:
    """Convert the pure ``(text, backlink title)`` pairs that need Python-Markdown and are not
    yet known, on every core when there are many; returns how many were converted. Plain prose
    is left to the pages: its fast path writes the HTML quicker than it can be looked up, and
    is spread over the page workers instead of coming first."""
    todo: dict[bytes, tuple[str, str]] = {}
    for text, back in texts:
        if text and is_pure(text) and not (may_be_plain(text) and "\r" not in back):
            key = fragment_key(text, back)
            if key not in todo and fragments.get(key) is None:
                todo[key] = (text, back)
    pending = list(todo.values())
    chunks = [pending[i:i + CHUNK] for i in range(0, len(pending), CHUNK)]
    n = min(workers or os.cpu_count() or 1, len(chunks))
    if n <= 1 or len(pending) < PARALLEL_MIN or \
            "fork" not in multiprocessing.get_all_start_methods():
        engine = MarkdownEngine()
        for chunk in chunks:
            for key, html in _convert(engine, chunk):
                fragments.put(key, html)
        return len(pending)
    with frozen_heap(), multiprocessing.get_context("fork").Pool(n) as pool:
        for result in pool.imap_unordered(_convert_in_worker, chunks):
            for key, html in result:
                fragments.put(key, html)
    return len(pending)
