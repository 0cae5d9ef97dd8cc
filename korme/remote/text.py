"""Texts from partners' documents: sanitised like curators' Markdown, in language maps.

A IIIF value is HTML when it starts with ``<`` and ends with ``>`` (the Presentation API's
rule), else plain text. Either way it becomes a :class:`RemoteText`: ``html`` went through the
same sanitiser (nh3, Kórme's allowlist) as every curator text, so it can be put in a page as
is; ``text`` is the same without markup, for titles, alt texts, search and metadata.

A :class:`LangMap` keeps every language a value is given in (IIIF 3's ``{"fa": […]}``, IIIF 2's
``@language``, ``none`` for text without a language), in the document's order.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import nh3

from korme.i18n import LangText, is_lang_tag, norm_tag, pretty_tag
from korme.markdown.render import sanitise

NONE = "none"


@dataclass(frozen=True)
class RemoteText:
    """One remote value: safe HTML, and the same as plain text."""

    html: str
    text: str


def is_html(value: str) -> bool:
    """The Presentation API's rule: a value that starts with '<' and ends with '>'."""
    stripped = value.strip()
    return stripped.startswith("<") and stripped.endswith(">")


def remote_text(value: Any) -> RemoteText:
    """A remote value made safe: HTML sanitised (Kórme's allowlist), plain text escaped."""
    raw = str(value)
    safe = sanitise(raw).strip() if is_html(raw) else html.escape(raw.strip(), quote=False)
    plain = html.unescape(nh3.clean(safe, tags=set())).strip()
    return RemoteText(safe, " ".join(plain.split()) if "\n" not in plain else plain)


@dataclass(frozen=True)
class LangMap:
    """Values by language (``none``: no language), as a IIIF document gives them."""

    entries: tuple[tuple[str, tuple[RemoteText, ...]], ...] = ()

    def __bool__(self) -> bool:
        return any(values for _, values in self.entries)

    @property
    def langs(self) -> tuple[str, ...]:
        return tuple(lang for lang, _ in self.entries)

    def values(self, lang: str) -> tuple[RemoteText, ...]:
        want = norm_tag(lang)
        return next((v for k, v in self.entries if norm_tag(k) == want), ())

    def to_langtext(self, rich: bool = False, sep: str = "; ") -> LangText | None:
        """As a curator's multilingual value: one text per language (several values joined
        by ``sep``), ``rich`` for the sanitised HTML (Markdown fields) rather than plain text.
        Text without a language becomes a plain value when it is all there is; beside
        language-tagged texts it is left out (they say the same in their languages)."""
        def join(values: tuple[RemoteText, ...]) -> str:
            return sep.join(v.html if rich else v.text for v in values if v.text or v.html)

        tagged = [(norm_tag(k), join(v)) for k, v in self.entries if k != NONE and join(v)]
        if tagged:
            return LangText(None, tuple(dict(tagged).items()))
        plain = join(self.values(NONE))
        return LangText(plain, ()) if plain else None


def _lang_key(key: Any) -> str:
    if isinstance(key, str) and key not in (NONE, "@none") and is_lang_tag(key):
        return pretty_tag(key)
    return NONE


def _collect(pairs: Iterable[tuple[str, Any]]) -> LangMap:
    out: dict[str, list[RemoteText]] = {}
    for lang, value in pairs:
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            text = remote_text(value)
            if text.text or text.html:
                out.setdefault(lang, []).append(text)
    return LangMap(tuple((k, tuple(v)) for k, v in out.items()))


def lang_map_v3(value: Any) -> LangMap:
    """A Presentation 3 language map (``{"en": ["…"], "none": ["…"]}``); a bare string is
    taken as text without a language."""
    if isinstance(value, dict):
        pairs = []
        for key, values in value.items():
            for v in values if isinstance(values, list) else [values]:
                pairs.append((_lang_key(key), v))
        return _collect(pairs)
    if isinstance(value, list):
        return _collect((NONE, v) for v in value)
    return _collect([(NONE, value)])


def lang_map_v2(value: Any) -> LangMap:
    """A Presentation 2 value: a string, ``{"@value": …, "@language": …}`` or a list of them."""
    items = value if isinstance(value, list) else [value]
    pairs = []
    for item in items:
        if isinstance(item, dict):
            pairs.append((_lang_key(item.get("@language")), item.get("@value")))
        else:
            pairs.append((NONE, item))
    return _collect(pairs)
