"""YAML with positions: plain Python values plus a map from each value's path to its place.

Curators' files are parsed into ordinary dicts and lists; alongside them a :class:`Located`
keeps the ``line:column`` of every mapping key and value, keyed by the value's path
(``("items", 3, "images", 0, "alt")`` style tuples), so validation errors from any later stage
can name the exact place. Duplicate keys are errors, not silent overwrites.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import yaml

from generator.errors import Position

PathKey = tuple[str | int, ...]
_FAST = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML was built with it


class YamlProblem(Exception):
    """A YAML file could not be read; carries its position."""

    def __init__(self, position: Position, message: str):
        super().__init__(message)
        self.position = position
        self.message = message


@dataclass
class Located:
    """A parsed YAML document and the position of every node in it."""

    path: str  # site-relative POSIX path of the file
    data: Any
    positions: dict[PathKey, Position] = field(default_factory=dict)
    line_offset: int = 0

    def at(self, key: Iterable[str | int]) -> Position:
        """The position of a path, or of its nearest existing parent."""
        k = tuple(key)
        while k not in self.positions and k:
            k = k[:-1]
        return self.positions.get(k, Position(self.path, 1 + self.line_offset, 1))

    def elements(self) -> list[Located]:
        """A view per element of a top-level list, in one pass over the positions."""
        if not isinstance(self.data, list):
            return []
        groups: list[dict[PathKey, Position]] = [{} for _ in self.data]
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


def _pos(path: str, mark: yaml.Mark | None, line_offset: int) -> Position:
    if mark is None:
        return Position(path, 1 + line_offset, 1)
    return Position(path, mark.line + 1 + line_offset, mark.column + 1)


class _Builder:
    """Turns a composed node tree into plain values, recording positions."""

    def __init__(self, path: str, line_offset: int):
        self.path = path
        self.line_offset = line_offset
        self.positions: dict[PathKey, Position] = {}
        self.loader = yaml.SafeLoader("")

    def build(self, node: yaml.Node, key: PathKey) -> Any:
        self.positions[key] = _pos(self.path, node.start_mark, self.line_offset)
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
                        f"{self.positions[(*key, k)].line})",
                    )
                out[k] = self.build(vnode, (*key, k))
                self.positions[(*key, k)] = _pos(self.path, vnode.start_mark, self.line_offset)
                self.positions[(*key, k, "__key__")] = _pos(
                    self.path, knode.start_mark, self.line_offset
                )
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.build(v, (*key, i)) for i, v in enumerate(node.value)]
        return self.scalar(node)

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


def parse_yaml(text: str, path: str, line_offset: int = 0) -> Located:
    """Parse one YAML document from ``text``; raise :class:`YamlProblem` with its position."""
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
        return Located(path, None, {(): Position(path, 1 + line_offset, 1)}, line_offset)
    builder = _Builder(path, line_offset)
    data = builder.build(node, ())
    return Located(path, data, builder.positions, line_offset)
