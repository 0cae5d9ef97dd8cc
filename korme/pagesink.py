"""Where rendered pages go: each written into the new site's folder by the process that
renders it (forked workers too), kept when the folder or the previous site holds it already;
a long page written and hashed as it is made, its head put in front when made last
(:mod:`korme.render.streamed`). The folder and the swap are :mod:`korme.write`'s.
"""

from __future__ import annotations

import hashlib
import itertools
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from korme.fsio import Folders, write_new, write_pieces
from korme.outputs import Output, PageStream, record
from korme.state import BuildState, content_hash, short_digest
from korme.write import Stage

STREAM_FROM = 1 << 20  # characters (see PageSink.take_pieces)


class PageSink:
    """Where rendered pages go, used by whichever process renders them (forked workers too).

    With a stage, each page is written straight into it (no HTML travels back to the parent),
    unless the stage holds it already or it equals the previous build's intact file (then it
    is linked from there). Without one (serve's in-place updates), pages are kept as bytes."""

    stream_from = STREAM_FROM  # characters: a page longer than this is written as it is made

    def __init__(self, stage: Stage | None = None, old: BuildState | None = None,
                 output: Path | None = None) -> None:
        self.stage = stage
        self.old = old or BuildState()
        self.output = output
        self._folders = Folders(os.fspath(stage.root)) if stage is not None else None

    def take(self, path: str, html: str) -> Output:
        """The page at ``path`` (relative to the site root) as an :class:`Output`."""
        data = html.encode("utf-8")
        digest = content_hash(data)
        if self.stage is None or self._folders is None:
            return Output("text", digest, data=data)
        if self._kept(path, digest):
            return Output("keep", digest)  # kept, or linked from the previous output
        self._folders(path)
        target = os.path.join(self.stage.root, path)
        write_new(target, data)
        return Output("staged", digest, record=record(target, digest))

    def take_pieces(self, path: str, page: PageStream, indexed: bool = True) -> Output:
        """The page at ``path`` as its template makes it: a long page (a catalogue of 20,000
        entries) is written and hashed as it is made, never held whole (``indexed``: whether
        the search index reads the page, for :class:`korme.search.index.IndexingSink`)."""
        start, pieces = peek(page.body, self.stream_from)
        if len(start) < self.stream_from or self.stage is None:
            return self.take(path, PageStream(pieces, page.head).whole())
        return self.stream(path, PageStream(pieces, page.head))

    def stream(self, path: str, page: PageStream) -> Output:
        """The page written and hashed as it is made (known to be long: see
        :meth:`take_pieces`); without a stage, held whole."""
        if self.stage is None or self._folders is None:
            return self.take(path, page.whole())
        self._folders(path)
        target = os.path.join(self.stage.root, path)
        part = f"{target}.{os.getpid()}.part"
        h = hashlib.sha256()
        texts = batched(page.body, self.stream_from)
        write_pieces(part, _hashed((t.encode("utf-8") for t in texts), h))
        head = page.head()
        if head:  # made last (korme.render.streamed): the page is the head, then the body
            h = hashlib.sha256()
            whole = f"{part}.whole"
            with open(part, "rb") as body:
                chunks = itertools.chain((head.encode("utf-8"),),
                                         iter(lambda: body.read(COPY), b""))
                write_pieces(whole, _hashed(chunks, h))
            os.replace(whole, part)
        digest = short_digest(h)
        if self._kept(path, digest):
            os.unlink(part)
            return Output("keep", digest)
        os.replace(part, target)  # a link of a served file at ``target`` is left unchanged
        return Output("staged", digest, record=record(target, digest))

    def _kept(self, path: str, digest: str) -> bool:
        """Whether the stage holds this content at ``path``, or the previous output does."""
        assert self.stage is not None
        previous = self.old.files.get(path)
        return self.stage.holds(path, digest) or (
            previous is not None and previous.hash == digest and self.output is not None
            and self.old.intact(self.output, path))




COPY = 1 << 20  # bytes read at a time when a page's head is put in front of its body


def _hashed(chunks: Iterable[bytes], h: Any) -> Iterator[bytes]:
    """The chunks, each added to the hash ``h`` as it goes by."""
    for data in chunks:
        h.update(data)
        yield data


def peek(pieces: Iterable[str], size: int) -> tuple[str, Iterator[str]]:
    """The text of the first pieces, up to ``size`` characters or more, and every piece."""
    held: list[str] = []
    n = 0
    pieces = iter(pieces)
    for piece in pieces:
        held.append(piece)
        n += len(piece)
        if n >= size:
            break
    return "".join(held), itertools.chain(held, pieces)


def batched(pieces: Iterable[str], size: int) -> Iterator[str]:
    """The pieces joined into texts of about ``size`` characters."""
    held: list[str] = []
    n = 0
    for piece in pieces:
        held.append(piece)
        n += len(piece)
        if n >= size:
            yield "".join(held)
            held, n = [], 0
    if held:
        yield "".join(held)
