"""Merging one imported field into a curator's value, language by language.

The rule (shared by every ``korme import``): an import updates only the languages it gives. A
language mapping updates those languages and leaves the others (``title.kk`` never touches
``title.ru``); a list of per-language values (``subjects.ru``) replaces that language's list,
element by element, and leaves the other languages' elements; a plain value (the same in every
language) replaces the value. Where the curator's value is plain and the import gives some
languages, the other published languages keep the plain text.

Values are ruamel round-trip nodes, changed in place where possible so their comments and
quoting stay; :func:`plain` turns them into ordinary Python values to compare and validate.
"""

from __future__ import annotations

import datetime
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

from korme.i18n import norm_tag

LIST_FIELDS = frozenset({"creator", "subjects", "language", "aliases"})
QUOTED_FIELDS = frozenset({"date", "identifier", "text"})  # "1900", "159X", "Р-1": quoted


def plain(value: Any) -> Any:
    """A round-trip value as plain Python (dicts, lists, str, numbers, dates)."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    return value


def node(value: Any, name: str = "") -> Any:
    """An imported value as a node to write: Markdown with newlines as a literal block; texts
    of a language mapping, and the fields that look like numbers (dates, shelfmarks),
    double-quoted, as the content format's examples write them."""
    if isinstance(value, dict):
        out = CommentedMap()
        for k, v in value.items():
            out[k] = node(v, "text")
        if all(isinstance(v, str) and "\n" not in v for v in value.values()) and \
                sum(len(str(v)) for v in value.values()) < 60:
            out.fa.set_flow_style()
        return out
    if isinstance(value, list):
        seq = CommentedSeq(node(v, "text" if name in LIST_FIELDS - {"language", "aliases"}
                                else "") for v in value)
        if all(not isinstance(v, (dict, list)) for v in value):
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, str):
        if "\n" in value:
            return LiteralScalarString(value if value.endswith("\n") else value + "\n")
        if name in QUOTED_FIELDS:
            return DoubleQuotedScalarString(value)
    return value


def _key(mapping: dict[Any, Any], lang: str) -> Any:
    """The key of ``lang`` in a language mapping, matched case-insensitively."""
    want = norm_tag(lang)
    return next((k for k in mapping if isinstance(k, str) and norm_tag(k) == want), None)


def _set(mapping: CommentedMap, lang: str, text: Any) -> None:
    key = _key(mapping, lang)
    if key is None:
        mapping[lang] = node(text, "text")
    elif plain(mapping[key]) != plain(text):
        mapping[key] = node(text, "text")


def _as_map(value: Any, languages: tuple[str, ...], skip: set[str]) -> CommentedMap:
    """A plain (every-language) value as a mapping of the published languages not in
    ``skip``, or the value itself when it already is a mapping."""
    if isinstance(value, CommentedMap):
        return value
    out = CommentedMap()
    if value is not None and value != "":
        for lang in languages:
            if norm_tag(lang) not in skip:
                out[lang] = value
    return out


def merge_map(old: Any, new: dict[str, Any], languages: tuple[str, ...]) -> Any:
    """``new``'s languages set in ``old``: a mapping changed in place, or a plain text that
    the other published languages keep."""
    if isinstance(old, CommentedMap):
        for lang, text in new.items():
            _set(old, lang, text)
        return old
    if old is None or old == "" or isinstance(old, list):
        return node(new)
    target = _as_map(old, languages, {norm_tag(k) for k in new})
    for lang, text in new.items():
        _set(target, lang, text)
    if all(isinstance(v, str) and "\n" not in v for v in target.values()):
        target.fa.set_flow_style()
    return target


def merge_list(old: Any, new: list[Any], languages: tuple[str, ...]) -> Any:
    """Per-language lists merged element by element (see the module); plain lists replace."""
    if not all(isinstance(v, dict) for v in new) or not new:
        return node(new)
    seq = old if isinstance(old, CommentedSeq) else CommentedSeq(
        [] if old is None else [old])
    langs = list(dict.fromkeys(k for v in new for k in v))
    for lang in langs:
        wanted = [v.get(lang) for v in new]
        while wanted and wanted[-1] is None:
            wanted.pop()
        for i in range(max(len(seq), len(wanted))):
            text = wanted[i] if i < len(wanted) else None
            if i >= len(seq):
                seq.append(CommentedMap())
            element = seq[i]
            if not isinstance(element, CommentedMap):
                element = seq[i] = _as_map(element, languages, {norm_tag(lang)})
            if text is not None:
                _set(element, lang, text)
            elif (key := _key(element, lang)) is not None:
                del element[key]
    for i in reversed(range(len(seq))):
        if isinstance(seq[i], dict) and not seq[i]:
            del seq[i]
    for element in seq:
        if isinstance(element, CommentedMap) and not element.fa.flow_style() and \
                all(isinstance(v, str) and "\n" not in v for v in element.values()):
            element.fa.set_flow_style()
    return seq


def merge_value(old: Any, new: Any, name: str, languages: tuple[str, ...]) -> Any:
    """The field's value after the import (``old`` changed in place where it can be)."""
    if name in LIST_FIELDS and isinstance(new, dict):
        new = [new]
    if isinstance(new, dict):
        return merge_map(old, new, languages)
    if isinstance(new, list):
        single = name in LIST_FIELDS and isinstance(old, CommentedMap)
        merged = merge_list(old, new, languages)
        if single and isinstance(merged, CommentedSeq) and len(merged) == 1:
            return merged[0]  # the curator wrote one creator as a mapping: keep it so
        return merged
    if old is not None and plain(old) == plain(new):
        return old
    return node(new, name)
