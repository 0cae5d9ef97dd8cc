"""``korme check``: placeholder text that ``korme new`` wrote, left in a published exhibition.

A new exhibition is scaffolded as a draft with sentences such as "Write the section's text
here."; once its status is ``published`` each one still there is a warning (an error under
``--strict``), at the place it is in.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from korme.errors import Position, Report
from korme.l10n import _
from korme.load.reader import Located, PathKey
from korme.load.site import RawSite
from korme.scaffold import PLACEHOLDER_KEYS, WORDS

PLACEHOLDERS = frozenset(v for words in WORDS.values() for k, v in words.items()
                         if k in PLACEHOLDER_KEYS)


def _strings(value: Any, path: PathKey = ()) -> Iterator[tuple[PathKey, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, (*path, str(k)))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _strings(v, (*path, i))


def _in_yaml(located: Located) -> Iterator[tuple[Position, str]]:
    for path, text in _strings(located.data):
        if text.strip() in PLACEHOLDERS:
            yield located.at(path), text.strip()


def _in_markdown(path: str, body: str, first_line: int) -> Iterator[tuple[Position, str]]:
    for n, line in enumerate(body.splitlines()):
        for text in PLACEHOLDERS:
            column = line.find(text)
            if column >= 0:
                yield Position(path, first_line + n, column + 1), text


def check_placeholders(raw: RawSite, report: Report) -> None:
    """Warn about each placeholder text left in a published exhibition."""
    found: list[tuple[Position, str]] = []
    for ex in raw.exhibitions:
        if ex.card.status != "published":
            continue
        found += _in_yaml(ex.located)
        for item in ex.items:
            found += _in_yaml(item.located)
        for section in ex.sections:
            for doc in section.files.values():
                found += _in_yaml(doc.located)
                found += _in_markdown(doc.path, doc.body, doc.body_line)
    for position, text in found:
        report.warning(position, _("placeholder text left by korme new: '{text}'; write your "
                                   "own text here", text=text), kind="placeholder")
