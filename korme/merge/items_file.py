"""items.yaml rewritten in place: records that did not change keep their exact text.

The file is read with ruamel.yaml's round-trip loader (comments, quoting, flow style, order
kept in the nodes). When it is written again, only the text of the records that changed is
made anew (ruamel dumps them with their comments and quoting); every other line (the header,
the comments between records, unchanged records) is copied as it was. New records are
appended; pruned ones are cut out (the comments after them stay).
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedBase, CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from korme.l10n import Text, _


class ItemsProblem(Exception):
    """items.yaml cannot be merged into (message for curators, with its line)."""

    def __init__(self, message: Text, line: int = 1, column: int = 1):
        super().__init__(str(message))
        self.message = message
        self.line = line
        self.column = column


def new_yaml() -> YAML:
    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 10**6
    y.allow_unicode = True
    y.brace_single_entry_mapping_in_flow_sequence = True
    y.indent(mapping=2, sequence=4, offset=2)
    return y


def _comment_lines(value: Any, out: set[str]) -> set[str]:
    """Every comment line attached anywhere inside a round-trip node."""
    if isinstance(value, CommentedBase):
        ca = value.ca
        stack: list[Any] = [ca.comment, ca.end, *ca.items.values()]
        while stack:
            entry = stack.pop()
            if isinstance(entry, list):
                stack.extend(entry)
            elif entry is not None and hasattr(entry, "value"):
                out.update(line.strip() for line in str(entry.value).splitlines()
                           if line.strip().startswith("#"))
        children = value.values() if isinstance(value, dict) else value
        for child in children:
            _comment_lines(child, out)
    return out


def _trailing(lines: list[str], comments: set[str]) -> int:
    """How many lines at the end of a record are blank or comments: the gap before the next
    record, kept as it is. A comment counts when it is at column 0 to 2 (inside a record,
    text is indented further) or is one of the file's comments (not a ``#`` line of a block
    of Markdown)."""
    n = 0
    for line in reversed(lines):
        text = line.strip()
        if text and not (text.startswith("#") and
                         (len(line) - len(line.lstrip()) <= 2 or text in comments)):
            break
        n += 1
    return n


def _spilling(record: CommentedMap, end: int) -> list[tuple[Any, str]]:
    """End-of-line comment tokens whose text runs on past the record's last line (into the
    gap before the next record), each with its text cut at the record's end."""
    out = []
    for token in _end_of_line_comments(record, []):
        line = token.start_mark.line
        parts = str(token.value).splitlines(keepends=True)
        if line + len(parts) > end:
            out.append((token, "".join(parts[:max(1, end - line)])))
    return out


@dataclass
class ItemsFile:
    """A parsed items.yaml (``data`` may be changed in place) and where its records lie."""

    path: Path
    text: str
    data: CommentedSeq
    spans: list[tuple[int, int, int]]  # per record: first line, end of its text, end of gap
    comments: set[str]  # every comment line of the file
    spills: list[list[tuple[Any, str]]]  # per record: see _spilling
    whole: bool = False  # a layout the line splicing cannot follow: written out whole

    @classmethod
    def read(cls, path: Path) -> ItemsFile:
        text = path.read_text("utf-8") if path.is_file() else ""
        try:
            data = new_yaml().load(text) if text.strip() else None
        except MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            raise ItemsProblem(_("items.yaml cannot be read: {problem}; fix it first",
                                 problem=exc.problem or str(exc)),
                               (mark.line + 1) if mark else 1,
                               (mark.column + 1) if mark else 1) from None
        except YAMLError as exc:
            raise ItemsProblem(_("items.yaml cannot be read: {problem}; fix it first",
                                 problem=str(exc))) from None
        if data is None:
            data = CommentedSeq()
        if not isinstance(data, CommentedSeq) or \
                not all(isinstance(r, CommentedMap) for r in data):
            raise ItemsProblem(_("items.yaml is not a list of records (each starting with "
                                 "'- id:'); fix it first"))
        lines = text.splitlines(keepends=True)
        starts = []
        for record in data:
            line, col = record.lc.line, record.lc.col
            starts.append(line if lines[line][:col].strip().startswith("-") else line - 1)
        comments = _comment_lines(data, set())
        if data.fa.flow_style() or any(b <= a for a, b in pairwise(starts)):
            return cls(path, text, data, [], comments, [], whole=True)  # e.g. [{…}, {…}]
        spans, spills = [], []
        for i, start in enumerate(starts):
            end = starts[i + 1] if i + 1 < len(starts) else len(lines)
            content_end = end - _trailing(lines[start:end], comments)
            spans.append((start, content_end, end))
            spills.append(_spilling(data[i], content_end))
        return cls(path, text, data, spans, comments, spills)

    def render(self, changed: set[int], removed: set[int], added: list[CommentedMap],
               header: str = "") -> str:
        """The file's new text (see the module)."""
        if self.whole:
            for i in sorted(removed, reverse=True):
                del self.data[i]
            self.data.extend(added)
            self.data.fa.set_block_style()  # one record per "- id:", as the format shows it
            for record in self.data:
                record.fa.set_block_style()
            buffer = io.StringIO()
            new_yaml().dump(self.data, buffer)
            return buffer.getvalue()
        lines = self.text.splitlines(keepends=True)
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
        first = self.spans[0][0] if self.spans else len(lines)
        out = lines[:first] if lines else [header]
        yaml = new_yaml()
        for i, (start, end, gap_end) in enumerate(self.spans):
            if i not in removed:
                out += dump_record(yaml, self.data[i], self.comments, self.spills[i]) \
                    if i in changed else lines[start:end]
            out += lines[end:gap_end]
        for record in added:
            if out and out[-1].strip():
                out.append("\n")
            out += dump_record(yaml, record, self.comments, [])
        return "".join(out)


def _end_of_line_comments(value: Any, out: list[Any]) -> list[Any]:
    """The comment tokens written after a value on its own line (not whole-line comments)."""
    if isinstance(value, CommentedBase):
        for slots in value.ca.items.values():
            out.extend(t for t in slots if t is not None and not isinstance(t, list)
                       and hasattr(t, "start_mark") and not str(t.value).startswith("\n"))
        for child in value.values() if isinstance(value, dict) else value:
            _end_of_line_comments(child, out)
    return out


def dump_record(yaml: YAML, record: CommentedMap, comments: set[str],
                spills: list[tuple[Any, str]]) -> list[str]:
    """One record as ``- id: …`` lines (the comments after it left out: they stay in place,
    and text that ran on from its last comment is cut: ``spills``).

    A root sequence is written indented by the dash offset (2): the record's lines are moved
    back to column 0 afterwards. Whole-line comments are written at the column they had and
    are left there; comments at the end of a line are written 2 columns further for the
    move, so they end where they were."""
    moved = _end_of_line_comments(record, [])
    kept = [(token, token.value) for token, _cut in spills]
    for token in moved:
        token.start_mark.column += 2
    for token, cut in spills:
        token.value = cut
    try:
        buffer = io.StringIO()
        yaml.dump(CommentedSeq([record]), buffer)
    finally:
        for token in moved:
            token.start_mark.column -= 2
        for token, value in kept:
            token.value = value
    lines = buffer.getvalue().splitlines(keepends=True)
    lines = [line if line.strip() in comments or not line.startswith("  ") else line[2:]
             for line in lines]
    return lines[:len(lines) - _trailing(lines, comments)]


def write_atomic(path: Path, text: str) -> None:
    """Replace ``path`` by ``text`` in one step (a temporary file renamed over it)."""
    temporary = path.with_name(f".{path.name}.korme-import-{os.getpid()}")
    temporary.write_text(text, "utf-8")
    temporary.replace(path)
