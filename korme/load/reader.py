"""YAML with positions: plain Python values plus a map from each value's path to its place.

Curators' files are parsed into ordinary dicts and lists; alongside them a :class:`Located`
keeps the ``line:column`` of every mapping key and value, keyed by the value's path
(``("items", 3, "images", 0, "alt")`` style tuples), so validation errors from any later stage
can name the exact place.

One reader builds values straight from the parse events of PyYAML's safe loader (libyaml's
parser when PyYAML was built with it): scalars are resolved as YAML 1.1's safe
loader resolves them, anchors, aliases and merge keys (``<<``) are followed, explicit
standard tags (``!!str``) are honoured. A duplicate key is an error that names both places;
the rest of the file is still read (the first value is kept), so every other problem is
reported in the same run.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import yaml

from korme.errors import Position, Report
from korme.l10n import Text, _
from korme.load.yamlwords import explain

PathKey = tuple[str | int, ...]
Place = tuple[int, int]  # (line, column), the line counted from a document's line offset
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser, when built with it
_STR = "tag:yaml.org,2002:str"
# the first characters of plain scalars that may be something else than text (numbers,
# booleans, null, dates…): any other is text without asking the resolver
_RESOLVED_FIRST = frozenset(_LOADER.yaml_implicit_resolvers) | {""}
_MERGE = "<<"


class YamlProblem(Exception):
    """A YAML file could not be read; carries its position."""

    def __init__(self, position: Position, message: str | Text):
        super().__init__(message)
        self.position = position
        self.message = message


@dataclass
class Located:
    """A parsed YAML document and the position of every node in it.

    Places are ``(line, column)`` pairs whose line counts from ``line_offset`` (the lines
    before the document in its file), so a record read from part of a file can be moved by
    changing the offset; :meth:`at` gives positions in the file. ``problems`` are what the
    reader reported but could read past (duplicate keys)."""

    path: str  # site-relative POSIX path of the file
    data: Any
    positions: dict[PathKey, Place] = field(default_factory=dict)
    line_offset: int = 0
    problems: tuple[YamlProblem, ...] = ()

    def at(self, key: Iterable[str | int]) -> Position:
        """The position of a path, or of its nearest existing parent."""
        k = tuple(key)
        positions = self.positions
        while k not in positions and k:
            k = k[:-1]
        pos = positions.get(k)
        if pos is None:
            return Position(self.path, 1 + self.line_offset, 1)
        return Position(self.path, pos[0] + self.line_offset, pos[1])

    def moved(self, line_offset: int) -> Located:
        """The same document placed ``line_offset`` lines into its file."""
        return Located(self.path, self.data, self.positions, line_offset, self.problems)

    def elements(self) -> list[Located]:
        """A view per element of a top-level list, in one pass over the positions."""
        if not isinstance(self.data, list):
            return []
        groups: list[dict[PathKey, Place]] = [{} for _ in self.data]
        for k, v in self.positions.items():
            if k and isinstance(k[0], int) and k[0] < len(groups):
                groups[k[0]][k[1:]] = v
        return [Located(self.path, d, g, self.line_offset) for d, g in zip(self.data, groups,
                                                                            strict=True)]

    def sub(self, prefix: PathKey) -> Located:
        """A view whose paths are relative to ``prefix`` (for one record in a list)."""
        n = len(prefix)
        pos = {k[n:]: v for k, v in self.positions.items() if k[:n] == prefix}
        data = self.data
        for k in prefix:
            data = data[k]
        return Located(self.path, data, pos, self.line_offset)


class _Reader:
    """Builds one document's values and positions from the parser's events."""

    def __init__(self, text: str, path: str, line_offset: int):
        self.parser = _LOADER(text)  # its events; its resolver and constructor for scalars
        self.path, self.line_offset = path, line_offset
        self.positions: dict[PathKey, Place] = {}
        self.anchors: dict[str, Any] = {}
        self.problems: list[YamlProblem] = []

    def where(self, mark: yaml.Mark | None) -> Position:
        if mark is None:
            return Position(self.path, 1 + self.line_offset, 1)
        return Position(self.path, mark.line + 1 + self.line_offset, mark.column + 1)

    def document(self) -> Any:
        """The stream's one document (``None`` when it is empty)."""
        get = self.parser.get_event
        get()  # stream start
        if isinstance(self.parser.peek_event(), yaml.StreamEndEvent):
            self.positions[()] = (1, 1)
            return None
        get()  # document start
        data = self.node(get(), ())
        get()  # document end
        extra = get()
        if not isinstance(extra, yaml.StreamEndEvent):
            raise YamlProblem(self.where(extra.start_mark), _(
                "a second YAML document ('---') in one file; a file holds one document"))
        return data

    def node(self, event: yaml.Event, key: PathKey) -> Any:
        mark = event.start_mark
        self.positions[key] = (mark.line + 1, mark.column + 1)
        if isinstance(event, yaml.AliasEvent):
            if event.anchor not in self.anchors:
                raise YamlProblem(self.where(mark), _(
                    "'*{name}' names no anchor ('&{name}') given before it",
                    name=event.anchor))
            return self.anchors[event.anchor]
        if isinstance(event, yaml.ScalarEvent):
            value = self.scalar(event)
        elif isinstance(event, yaml.SequenceStartEvent):
            value = []
            if event.anchor:
                self.anchors[event.anchor] = value
            while not isinstance(item := self.parser.get_event(), yaml.SequenceEndEvent):
                value.append(self.node(item, (*key, len(value))))
        else:
            value = {}
            if event.anchor:
                self.anchors[event.anchor] = value
            self.mapping(value, key)
        if event.anchor:
            self.anchors[event.anchor] = value
        return value

    def mapping(self, out: dict[Any, Any], key: PathKey) -> None:
        merged: dict[Any, Any] = {}
        get = self.parser.get_event
        while not isinstance(event := get(), yaml.MappingEndEvent):
            if not isinstance(event, yaml.ScalarEvent):
                raise YamlProblem(self.where(event.start_mark), _(
                    "a key must be a plain value (a word or a quoted text), not a list or a "
                    "mapping"))
            value_event = get()
            if event.value == _MERGE and event.implicit[0] and event.tag is None:
                merged.update(self.merge(value_event, key))
                continue
            k = self.scalar(event)
            if isinstance(k, (datetime.date, int, float, bool)) or k is None:
                k = event.value
            if k in out:
                first = self.positions[(*key, k, "__key__")]
                self.problems.append(YamlProblem(self.where(event.start_mark), _(
                    "duplicate key '{key}' (first given at line {line}); the first value is "
                    "used", key=k, line=first[0] + self.line_offset)))
                self.node(value_event, (*key, "__duplicate__", k))  # read past it
                continue
            self.positions[(*key, k, "__key__")] = (event.start_mark.line + 1,
                                                    event.start_mark.column + 1)
            out[k] = self.node(value_event, (*key, k))
        for k, v in merged.items():
            out.setdefault(k, v)

    def merge(self, event: yaml.Event, key: PathKey) -> dict[Any, Any]:
        """The mappings of a merge key (``<<: *base`` or ``<<: [*a, *b]``), first wins."""
        value = self.node(event, (*key, _MERGE))
        found = value if isinstance(value, list) else [value]
        if not all(isinstance(m, dict) for m in found):
            raise YamlProblem(self.where(event.start_mark), _(
                "'<<' merges mappings: give it an alias of a mapping (<<: *name) or a list "
                "of them"))
        out: dict[Any, Any] = {}
        for m in found:
            for k, v in m.items():
                out.setdefault(k, v)
        return out

    def scalar(self, event: yaml.ScalarEvent) -> Any:
        value = event.value
        tag = event.tag
        if tag == "!" or (tag is None and not event.implicit[0]):
            return value  # quoted or block text
        if tag is None:
            if value[:1] not in _RESOLVED_FIRST:
                return value  # plain text that no implicit type starts with
            tag = self.parser.resolve(yaml.ScalarNode, value, (True, False))
        if tag == _STR:
            return value
        if not tag.startswith("tag:yaml.org,2002:"):
            raise YamlProblem(self.where(event.start_mark), _(
                "unknown tag '{tag}': Kórme reads plain YAML (remove the '!' part)", tag=tag))
        try:
            out = self.parser.construct_object(yaml.ScalarNode(tag, value), deep=True)
        except (yaml.YAMLError, ValueError) as exc:  # an impossible date: 2026-02-30
            raise YamlProblem(self.where(event.start_mark),
                              _("invalid value '{value}': {problem}", value=value,
                                problem=str(exc))) from None
        return value if isinstance(out, datetime.datetime) else out


def parse_yaml(text: str, path: str, line_offset: int = 0) -> Located:
    """Parse one YAML document; raise :class:`YamlProblem` with its position and what is
    wrong in a curator's words (:mod:`korme.load.yamlwords`)."""
    reader = _Reader(text, path, line_offset)
    try:
        data = reader.document()
    except yaml.MarkedYAMLError as exc:
        mark, words = explain(exc, text)
        raise YamlProblem(reader.where(mark), words) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(Position(path, 1 + line_offset, 1),
                          _("YAML syntax: {problem}", problem=str(exc))) from None
    finally:
        reader.parser.dispose()
    return Located(path, data, reader.positions, line_offset, tuple(reader.problems))


def read_yaml(text: str, path: str, report: Report, line_offset: int = 0) -> Located | None:
    """:func:`parse_yaml` with its problems reported (``None`` when it cannot be read)."""
    try:
        located = parse_yaml(text, path, line_offset)
    except YamlProblem as exc:
        report.error(exc.position, exc.message, kind="syntax")
        return None
    for problem in located.problems:
        report.error(problem.position, problem.message, kind="syntax")
    return located
