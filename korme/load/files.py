"""Reading curators' text files: UTF-8 (BOM tolerated), any line endings, NFC, front matter."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from korme.errors import Position
from korme.l10n import Text, _
from korme.load.reader import Located, YamlProblem, parse_yaml

BOM = b"\xef\xbb\xbf"


class FileProblem(Exception):
    """A file could not be read as text; carries the position of the problem."""

    def __init__(self, position: Position, message: str | Text):
        super().__init__(message)
        self.position = position
        self.message = message


_LEFTOVER_SUFFIXES = ("~", "#", ".swp", ".swo", ".swx")
_SYSTEM_FILES = frozenset({".ds_store", "thumbs.db", "desktop.ini"})


def editor_leftover(name: str) -> bool:
    """Whether a file name is an editor's or the system's by-product (``x.md~``, ``.x.swp``,
    ``#x#``, ``.#x``, ``.DS_Store``, ``Thumbs.db``), never content: such files are ignored."""
    lower = name.lower()
    return (lower.startswith(("#", ".#", "~$")) or lower.endswith(_LEFTOVER_SUFFIXES)
            or lower in _SYSTEM_FILES)


def rel_path(path: Path, root: Path) -> str:
    """The site-relative POSIX path used in messages."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def read_text(path: Path, rel: str) -> str:
    """Read a text file as NFC Unicode with ``\\n`` line endings; report bad bytes by position."""
    return decode_text(read_bytes(path, rel), rel)


def read_bytes(path: Path, rel: str) -> bytes:
    """A file's bytes; raise :class:`FileProblem` when it cannot be read."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise FileProblem(Position(rel), _("cannot read file: {problem}",
                                           problem=exc.strerror)) from None


def decode_text(data: bytes, rel: str) -> str:
    """A file's bytes as NFC Unicode with ``\\n`` line endings (a leading BOM dropped)."""
    if data.startswith(BOM):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        raise FileProblem(
            Position(rel, line, col),
            _("invalid UTF-8 (byte 0x{byte}); save the file as UTF-8",
              byte=f"{data[exc.start]:02x}"),
        ) from None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


@dataclass(frozen=True)
class FrontMatterDoc:
    """A Markdown file split into its front matter and its body."""

    meta: Located
    body: str
    body_line: int  # line number (1-based) of the body's first line in the file


def split_front_matter(text: str, rel: str) -> FrontMatterDoc:
    """Split ``---`` front matter from the Markdown body, keeping line numbers."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise FileProblem(
            Position(rel, 1, 1),
            _("missing front matter: the file must start with a '---' line, then 'title: …', "
              "then '---'"),
        )
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            meta = parse_yaml("\n".join(lines[1:i]) + "\n", rel, line_offset=1)
            if meta.data is None:
                meta = Located(rel, {}, {(): (1, 1)}, 1)
            if not isinstance(meta.data, dict):
                raise YamlProblem(Position(rel, 2, 1),
                                  _("front matter must be a mapping of keys"))
            return FrontMatterDoc(meta, "\n".join(lines[i + 1 :]), i + 2)
    raise FileProblem(Position(rel, 1, 1),
                          _("front matter is not closed by a '---' line"))
