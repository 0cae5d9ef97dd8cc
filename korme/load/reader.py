"""YAML with positions: plain Python values plus a map from each value's path to its place.

Curators' files are parsed into ordinary dicts and lists; alongside them a :class:`Located`
keeps the ``line:column`` of every mapping key and value, keyed by the value's path
(``("items", 3, "images", 0, "alt")`` style tuples), so validation errors from any later stage
can name the exact place. Duplicate keys are errors, not silent overwrites.

Plain documents (no anchors, aliases, tags or merge keys) are built straight from libyaml's
events; anything else, and every error, goes through the composed node tree, whose messages
and positions are the reference.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import yaml

from korme.errors import Position

PathKey = tuple[str | int, ...]
Place = tuple[int, int]  # (line, column), the line counted from a document's line offset
_FAST = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML was built with it


class YamlProblem(Exception):
    """A YAML file could not be read; carries its position."""

    def __init__(self, position: Position, message: str):
        super().__init__(message)
        self.position = position
        self.message = message


@dataclass
class Located:
    """A parsed YAML document and the position of every node in it.

    The readers here store each node's place as a light ``(line, column)`` pair whose line
    counts from ``line_offset`` (the lines before the document in its file), so a record read
    from part of a file can be moved by changing the offset; others may store
    :class:`Position` values (moved by the offset too). :meth:`at` gives positions in the
    file."""

    path: str  # site-relative POSIX path of the file
    data: Any
    positions: dict[PathKey, Place | Position] = field(default_factory=dict)
    line_offset: int = 0

    def at(self, key: Iterable[str | int]) -> Position:
        """The position of a path, or of its nearest existing parent."""
        k = tuple(key)
        positions = self.positions
        while k not in positions and k:
            k = k[:-1]
        pos = positions.get(k)
        if pos is None:
            return Position(self.path, 1 + self.line_offset, 1)
        if type(pos) is tuple:
            return Position(self.path, pos[0] + self.line_offset, pos[1])
        if self.line_offset:
            return Position(pos.path, pos.line + self.line_offset, pos.column)
        return pos

    def moved(self, line_offset: int) -> Located:
        """The same document placed ``line_offset`` lines into its file."""
        return Located(self.path, self.data, self.positions, line_offset)

    def elements(self) -> list[Located]:
        """A view per element of a top-level list, in one pass over the positions."""
        if not isinstance(self.data, list):
            return []
        groups: list[dict[PathKey, Place | Position]] = [{} for _ in self.data]
        for k, v in self.positions.items():
            if k and isinstance(k[0], int) and k[0] < len(groups):
                groups[k[0]][k[1:]] = v
        return [Located(self.path, d, g, self.line_offset) for d, g in zip(self.data, groups,
                                                                            strict=True)]

    def sub(self, prefix: PathKey) -> Located:
        """A view whose paths are relative to ``prefix`` (for one record in a list)."""
        n = len(prefix)
        pos = {k[n:]: v for k, v in self.positions.items() if k[:n] == prefix}
        return Located(self.path, _get(self.data, prefix), pos, self.line_offset)


def _get(data: Any, key: PathKey) -> Any:
    for k in key:
        data = data[k]
    return data


def _place(mark: yaml.Mark) -> Place:
    return mark.line + 1, mark.column + 1


def _pos(path: str, mark: yaml.Mark | None, line_offset: int) -> Position:
    if mark is None:
        return Position(path, 1 + line_offset, 1)
    return Position(path, mark.line + 1 + line_offset, mark.column + 1)


class _Builder:
    """Turns a composed node tree into plain values, recording positions."""

    def __init__(self, path: str, line_offset: int):
        self.path = path
        self.line_offset = line_offset
        self.positions: dict[PathKey, Place | Position] = {}
        self.loader = yaml.SafeLoader("")

    def build(self, node: yaml.Node, key: PathKey) -> Any:
        self.positions[key] = _place(node.start_mark)
        if isinstance(node, yaml.MappingNode):
            self.loader.flatten_mapping(node)
            out: dict[Any, Any] = {}
            for knode, vnode in node.value:
                k = self.scalar(knode)
                if isinstance(k, (datetime.date, int, float, bool)) or k is None:
                    k = str(knode.value)
                if k in out:
                    raise YamlProblem(
                        _pos(self.path, knode.start_mark, self.line_offset),
                        f"duplicate key '{k}' (first given at line "
                        f"{self.first_line((*key, k))})",
                    )
                out[k] = self.build(vnode, (*key, k))
                self.positions[(*key, k, "__key__")] = _place(knode.start_mark)
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.build(v, (*key, i)) for i, v in enumerate(node.value)]
        return self.scalar(node)

    def first_line(self, key: PathKey) -> int:
        place = self.positions[key]
        line = place[0] if isinstance(place, tuple) else place.line
        return line + self.line_offset

    def scalar(self, node: yaml.Node) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            raise YamlProblem(
                _pos(self.path, node.start_mark, self.line_offset), "a key must be a plain value"
            )
        try:
            value = self.loader.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError) as exc:  # e.g. an impossible date: 2026-02-30
            raise YamlProblem(
                _pos(self.path, node.start_mark, self.line_offset), f"invalid value: {exc}"
            ) from None
        if isinstance(value, datetime.datetime):
            return node.value
        return value


class _Unusual(Exception):
    """A document the event reader leaves to the composer (anchors, tags, merges, errors)."""


_STR = "tag:yaml.org,2002:str"
_IMPLICIT = yaml.SafeLoader.yaml_implicit_resolvers  # first character → (tag, pattern)


def _plain_tag(value: str) -> str:
    """The tag the safe loader resolves a plain scalar to (it has no path resolvers)."""
    for tag, pattern in _IMPLICIT.get(value[:1], ()):
        if pattern.match(value):
            return tag
    return _STR


class _Events:
    """Builds values and positions straight from libyaml's events, for plain documents."""

    def __init__(self, text: str, path: str):
        self.parser = _FAST(text)
        self.get = self.parser.get_event
        self.path = path
        self.positions: dict[PathKey, Place | Position] = {}
        self.loader: yaml.SafeLoader | None = None  # made for the first non-text value

    def document(self, element: bool = False) -> Any:
        """The document's value (with ``element``: the only element of a one-element list);
        raises :class:`_Unusual` for anything but one plain document."""
        get = self.get
        try:
            get()  # stream start
            if isinstance(self.parser.peek_event(), yaml.StreamEndEvent) and not element:
                self.positions[()] = (1, 1)
                return None
            get()  # document start
            if element and type(get()) is not yaml.SequenceStartEvent:
                raise _Unusual
            data = self.node(get(), ())
            if element and type(get()) is not yaml.SequenceEndEvent:
                raise _Unusual
            get()  # document end
            if type(get()) is not yaml.StreamEndEvent:
                raise _Unusual  # several documents: the composer says so
            return data
        except yaml.YAMLError:
            raise _Unusual from None
        finally:
            self.parser.dispose()

    def node(self, event: yaml.Event, key: PathKey) -> Any:
        mark = event.start_mark
        self.positions[key] = (mark.line + 1, mark.column + 1)
        kind = type(event)
        if kind is yaml.ScalarEvent:
            return self.scalar(event)
        if kind is yaml.AliasEvent or event.anchor is not None or event.tag is not None:
            raise _Unusual
        if kind is yaml.SequenceStartEvent:
            out: list[Any] = []
            while type(item := self.get()) is not yaml.SequenceEndEvent:
                out.append(self.node(item, (*key, len(out))))
            return out
        return self.mapping(key)

    def mapping(self, key: PathKey) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        get, positions, scalar_event = self.get, self.positions, yaml.ScalarEvent
        while type(event := get()) is not yaml.MappingEndEvent:
            if type(event) is not scalar_event:
                raise _Unusual
            k = self.scalar(event)
            if type(k) is not str:
                k = event.value
            if k in out:
                raise _Unusual  # the composer names both places
            mark = event.start_mark
            positions[(*key, k, "__key__")] = (mark.line + 1, mark.column + 1)
            value = get()
            if type(value) is scalar_event:  # most values: no call to node()
                mark = value.start_mark
                positions[(*key, k)] = (mark.line + 1, mark.column + 1)
                out[k] = self.scalar(value)
            else:
                out[k] = self.node(value, (*key, k))
        return out

    def scalar(self, event: yaml.ScalarEvent) -> Any:
        if event.anchor is not None or event.tag is not None:
            raise _Unusual
        value = event.value
        if not event.implicit[0] or value[:1] not in _IMPLICIT:
            return value  # quoted, block, or plain text that cannot be anything else
        tag = _plain_tag(value)
        if tag == _STR:
            return value
        if self.loader is None:
            self.loader = yaml.SafeLoader("")
        try:
            out = self.loader.construct_object(yaml.ScalarNode(tag, value), deep=True)
        except Exception:  # the composer reports it, with its position
            raise _Unusual from None
        return value if isinstance(out, datetime.datetime) else out


def parse_plain(text: str, path: str, line_offset: int = 0) -> Located | None:
    """Parse a plain document (no anchors, aliases, tags or merge keys) without building its
    node tree; ``None`` when the document is not plain or not valid."""
    events = _Events(text, path)
    try:
        data = events.document()
    except _Unusual:
        return None
    return Located(path, data, events.positions, line_offset)


def parse_plain_element(text: str, path: str) -> Located | None:
    """Like :func:`parse_plain` for a document that is a list of one element (one record cut
    from a file): that element, with paths relative to it; else ``None``."""
    events = _Events(text, path)
    try:
        data = events.document(element=True)
    except _Unusual:
        return None
    return Located(path, data, events.positions)


def parse_yaml(text: str, path: str, line_offset: int = 0) -> Located:
    """Parse one YAML document from ``text``; raise :class:`YamlProblem` with its position."""
    plain = parse_plain(text, path, line_offset)
    if plain is not None:
        return plain
    try:
        node = yaml.compose(text, Loader=_FAST)
    except yaml.YAMLError:
        node = None  # read again below with the pure-Python parser, whose messages are better
    else:
        return _located(node, path, line_offset)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "invalid YAML"
        if "'\\t'" in problem:
            problem = "tab characters are not allowed for indentation in YAML; use spaces"
        context = f" ({exc.context}"
        if exc.context_mark is not None and exc.context_mark is not mark:
            where = _pos(path, exc.context_mark, line_offset)
            context += f" started at line {where.line}, column {where.column}"
        context = context + ")" if exc.context else ""
        message = f"YAML syntax: {problem}{context}"
        raise YamlProblem(_pos(path, mark, line_offset), message) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(Position(path, 1 + line_offset, 1), f"YAML syntax: {exc}") from None
    return _located(node, path, line_offset)


def _located(node: yaml.Node | None, path: str, line_offset: int) -> Located:
    if node is None:
        return Located(path, None, {(): (1, 1)}, line_offset)
    builder = _Builder(path, line_offset)
    data = builder.build(node, ())
    return Located(path, data, builder.positions, line_offset)
