"""Messages for curators in their language: gettext catalogues read with Babel.

A message is written in English at the place that reports it, as ``_("… {name} …", name=x)``
(a format string: a literal brace is written twice, ``{{``);
it stays a :class:`Text` (the English template and its values) until it is shown, and is then
put into the reader's language with a :class:`Catalog`. The catalogues are the ``.po`` files in
``korme/locale/<lang>/LC_MESSAGES/korme.po`` (en, kk, ru), read at run time, so an editable
install needs no compile step. The code's English is the message id; the ``en`` catalogue gives
the wording curators read, so it can change without touching the code.

The language is chosen by ``--lang``, then ``KORME_LANG``, then the locale (``LC_ALL``,
``LC_MESSAGES``, ``LANG``), else English (:func:`choose_language`).
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "korme"
LANGUAGES = ("en", "kk", "ru")  # the languages messages are available in


@dataclass(frozen=True)
class Text:
    """A message in English with its values, put into a language when it is shown."""

    msgid: str
    params: tuple[tuple[str, Any], ...] = ()

    def __str__(self) -> str:
        return self.render(Catalog.english())

    def render(self, catalog: Catalog) -> str:
        """The message in the catalogue's language (values that are messages too, as well)."""
        values = {k: v.render(catalog) if isinstance(v, Text | Listed) else v
                  for k, v in self.params}
        try:  # a message is a format string: literal braces are doubled ({{ and }})
            return catalog.get(self.msgid).format(**values)
        except (KeyError, IndexError, ValueError):  # a broken translation: the English one
            return self.msgid.format(**values)

    def to_data(self) -> dict[str, Any]:
        """The message as JSON-able data (values that are not numbers or messages as text),
        so that a saved message can be shown again in any language (:meth:`from_data`)."""
        return {"msgid": self.msgid, "params": {
            k: v.to_data() if isinstance(v, Text) else v if isinstance(v, (int, float)) else
            str(v) for k, v in self.params}}

    @staticmethod
    def from_data(data: Any) -> Text | str:
        """A message saved by :meth:`to_data` (plain text stays text)."""
        if not (isinstance(data, dict) and isinstance(data.get("msgid"), str)):
            return str(data)
        params = data.get("params") if isinstance(data.get("params"), dict) else {}
        return Text(data["msgid"], tuple(
            (str(k), Text.from_data(v) if isinstance(v, dict) else v)
            for k, v in params.items()))

    def __add__(self, other: object) -> str:
        return str(self) + str(other)

    def __radd__(self, other: object) -> str:
        return str(other) + str(self)


@dataclass(frozen=True)
class Listed:
    """Messages shown one after the other, separated by ``, `` (a value of a :class:`Text`)."""

    items: tuple[Text | str, ...]

    def __str__(self) -> str:
        return self.render(Catalog.english())

    def render(self, catalog: Catalog) -> str:
        return ", ".join(i.render(catalog) if isinstance(i, Text) else i for i in self.items)


def _(msgid: str, /, **params: Any) -> Text:
    """A message for curators (English text with ``{name}`` fields); see :class:`Text`."""
    return Text(msgid, tuple(params.items()))


class Catalog:
    """The translations of one language (English: none, every message as written)."""

    def __init__(self, lang: str, messages: Mapping[str, str]):
        self.lang = lang
        self.messages = dict(messages)

    def get(self, msgid: str) -> str:
        return self.messages.get(msgid) or msgid

    @staticmethod
    def english() -> Catalog:
        """The English catalogue (the messages as written when it cannot be read)."""
        return Catalog.load("en")

    @staticmethod
    @functools.cache
    def load(lang: str) -> Catalog:
        """The catalogue of ``lang`` (one of :data:`LANGUAGES`; others get English)."""
        path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        if lang not in LANGUAGES or not path.is_file():
            return _SOURCE if lang == "en" else Catalog.load("en")
        with path.open("rb") as f:
            catalog = read_po(f, locale=lang)
        return Catalog(lang, {m.id: m.string for m in catalog
                              if m.id and isinstance(m.id, str) and m.string
                              and not m.fuzzy})


_SOURCE = Catalog("en", {})  # the messages as the code writes them


def shown(message: object, catalog: Catalog) -> str:
    """A message in the catalogue's language: a :class:`Text`, an exception whose one argument
    is a Text (``raise SomeError(_("…"))``), or anything else as ``str()`` gives it."""
    if isinstance(message, BaseException):
        message = message_of(message)
    return message.render(catalog) if isinstance(message, Text) else str(message)


def message_of(exc: BaseException) -> str | Text:
    """An exception's message: its :class:`Text` (to be shown in the reader's language, or
    passed on as a value of another message), else its text."""
    if len(exc.args) == 1 and isinstance(exc.args[0], Text):
        return exc.args[0]
    return str(exc)


def choose_language(asked: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The language of messages: ``asked`` (``--lang``), ``KORME_LANG``, the locale, English."""
    env = os.environ if environ is None else environ
    for value in (asked, env.get("KORME_LANG"), env.get("LC_ALL"), env.get("LC_MESSAGES"),
                  env.get("LANG")):
        if not value:
            continue
        code = value.split(".")[0].split("@")[0].replace("_", "-").split("-")[0].lower()
        if code in LANGUAGES:
            return code
        if value is asked or value is env.get("KORME_LANG"):
            continue  # an unknown asked language: look further
    return "en"


def catalog_for(asked: str | None = None) -> Catalog:
    """The catalogue of the chosen language (see :func:`choose_language`)."""
    return Catalog.load(choose_language(asked))
