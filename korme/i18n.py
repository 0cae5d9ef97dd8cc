"""Languages and multilingual values.

A curator's text field is either a plain string (the same in every language) or a mapping from
BCP 47 code to string. :class:`LangText` holds either; :meth:`LangText.resolve` picks the text
for a page's language with the spec's fallback order and says which language it really is, so
templates can mark fallbacks and originals with their own ``lang`` and ``dir``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from babel import Locale, UnknownLocaleError

_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_RTL_SCRIPTS = {"arab", "hebr", "syrc", "thaa", "nkoo", "adlm", "rohg"}
_RTL_LANGS = {"ar", "fa", "he", "ur", "ps", "sd", "ug", "yi", "dv", "ckb", "chg", "ota", "prs"}


def is_lang_tag(value: object) -> bool:
    """Whether ``value`` looks like a BCP 47 language tag (``kk``, ``kk-Latn``, ``fa``)."""
    return isinstance(value, str) and bool(_TAG.match(value))


@lru_cache(maxsize=1024)
def norm_tag(tag: str) -> str:
    """The lower-case form of a tag, used for matching and URL folders."""
    return tag.strip().lower()


@lru_cache(maxsize=1024)
def pretty_tag(tag: str) -> str:
    """The conventional casing of a tag: ``kk-Latn``, ``en-GB``."""
    parts = tag.split("-")
    out = [parts[0].lower()]
    for p in parts[1:]:
        if len(p) == 4 and p.isalpha():
            out.append(p.title())
        elif len(p) == 2 and p.isalpha():
            out.append(p.upper())
        else:
            out.append(p.lower())
    return "-".join(out)


@lru_cache(maxsize=256)
def babel_locale(tag: str) -> Locale | None:
    """The Babel locale for a tag, or ``None`` when CLDR does not know it."""
    try:
        loc = Locale.parse(norm_tag(tag).replace("-", "_"))
        scripts = [p for p in norm_tag(tag).split("-")[1:] if len(p) == 4]
        if scripts and (loc.script or "").lower() != scripts[0]:
            raise ValueError("script not in CLDR")
        return loc
    except (UnknownLocaleError, ValueError, TypeError):
        try:
            return Locale.parse(norm_tag(tag).split("-")[0])
        except (UnknownLocaleError, ValueError, TypeError):
            return None


@lru_cache(maxsize=256)
@lru_cache(maxsize=1024)
def direction(tag: str) -> str:
    """``rtl`` or ``ltr`` for a language tag (script subtag first, then CLDR, then known list)."""
    parts = norm_tag(tag).split("-")
    for p in parts[1:]:
        if len(p) == 4:
            return "rtl" if p in _RTL_SCRIPTS else "ltr"
    if parts[0] in _RTL_LANGS:
        return "rtl"
    loc = babel_locale(parts[0])
    if loc is not None and loc.character_order == "right-to-left":
        return "rtl"
    return "ltr"


@lru_cache(maxsize=256)
def native_name(tag: str) -> str:
    """The language's own name for itself (``қазақ тілі``), capitalised as a menu label."""
    loc = babel_locale(tag)
    name = (loc.get_display_name(loc) if loc else None) or tag
    return name[:1].upper() + name[1:]


@lru_cache(maxsize=1024)
def language_name(tag: str, in_lang: str) -> str:
    """The name of language ``tag`` in language ``in_lang`` (``парсы тілі``), or the tag."""
    loc = babel_locale(in_lang)
    if loc is None:
        return tag
    parts = norm_tag(tag).split("-")
    name = loc.languages.get(parts[0])
    if not name:
        return tag
    scripts = [p for p in parts[1:] if len(p) == 4]
    if scripts:
        script = loc.scripts.get(scripts[0].title())
        if script:
            name = f"{name} ({script})"
    return name


@dataclass(frozen=True)
class Lang:
    """A published language of the site."""

    code: str  # lower-case tag, also the URL folder: "kk", "kk-latn"
    tag: str  # conventional casing for lang attributes: "kk-Latn"
    dir: str  # "ltr" or "rtl"
    name: str  # native name for the language switcher
    locale: str  # Babel locale id used for dates and numbers

    @classmethod
    def of(cls, tag: str) -> Lang:
        loc = babel_locale(tag)
        return cls(norm_tag(tag), pretty_tag(tag), direction(tag), native_name(tag),
                   str(loc) if loc else "en")


class Localized(NamedTuple):
    """A text chosen for a page: the words, their real language and whether it is a fallback.

    A named tuple (made ~30 times a page: half the cost of a frozen dataclass)."""

    text: str
    lang: str  # BCP 47 tag of the text ("" for a plain string: the page's own language)
    dir: str
    fallback: bool = False

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class LangText:
    """A multilingual value: one plain string, or texts keyed by lower-case language tag."""

    plain: str | None = None
    texts: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, value: str | dict[str, str]) -> LangText:
        if isinstance(value, dict):
            return cls(None, tuple((norm_tag(k), v) for k, v in value.items()))
        return cls(value, ())

    @property
    def is_plain(self) -> bool:
        return self.plain is not None

    @property
    def langs(self) -> tuple[str, ...]:
        return tuple(k for k, _ in self.texts)

    def get(self, lang: str) -> str | None:
        """The text in exactly this language, if present."""
        if self.plain is not None:
            return self.plain
        lang = norm_tag(lang)
        for k, v in self.texts:
            if k == lang:
                return v
        return None

    def resolve(self, lang: str, order: tuple[str, ...] = ()) -> Localized:
        """The text for a page in ``lang``; ``order`` is the site's languages, default first."""
        if self.plain is not None:
            return Localized(self.plain, "", "")
        texts = self.texts
        lang = norm_tag(lang)
        for k, v in texts:
            if k == lang:
                return Localized(v, pretty_tag(lang), direction(lang), False)
        for candidate in order:
            want = norm_tag(candidate)
            for k, v in texts:
                if k == want:
                    return Localized(v, pretty_tag(candidate), direction(candidate),
                                     candidate != lang)
        if texts:
            k, v = texts[0]
            return Localized(v, pretty_tag(k), direction(k), True)
        return Localized("", "", "", False)

    def pick(self, lang: str, order: tuple[str, ...] = ()) -> str:
        """Only the text of :meth:`resolve` (without its language)."""
        if self.plain is not None:
            return self.plain
        texts = self.texts
        lang = norm_tag(lang)
        for k, v in texts:
            if k == lang:
                return v
        for candidate in order:
            want = norm_tag(candidate)
            for k, v in texts:
                if k == want:
                    return v
        return texts[0][1] if texts else ""

    def originals(self, published: tuple[str, ...]) -> tuple[Localized, ...]:
        """Texts in languages the site does not publish (e.g. a Persian original title)."""
        return tuple(Localized(v, pretty_tag(k), direction(k)) for k, v in self.texts
                     if k not in published and v)

    def missing(self, published: tuple[str, ...]) -> tuple[str, ...]:
        """Published languages that this value lacks (always none for a plain string)."""
        if self.plain is not None:
            return ()
        return tuple(lang for lang in published if self.get(lang) is None)

    def __bool__(self) -> bool:
        return bool(self.plain) or any(v for _, v in self.texts)
