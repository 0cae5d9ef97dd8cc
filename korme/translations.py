"""Missing translations: each multilingual value that lacks a published language is a
``fallback`` warning at its place, saying which language is shown instead."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from korme.errors import Report
from korme.i18n import LangText
from korme.l10n import Text, _
from korme.load.items import RawItem
from korme.load.reader import Located, PathKey

ORIGINAL_TEXT_FIELDS = frozenset({"transcription"})  # texts in the object's own language


class TranslationChecks:
    """The translation checks of :class:`korme.validate._Checker` (which sets ``codes`` and
    ``report``)."""

    codes: tuple[str, ...]
    report: Report

    def translations(self, located: Located, values: Iterable[tuple[PathKey, Any]],
                     context: Text | str) -> None:
        """Warn for each published language missing from a multilingual value."""
        self.warn_missing(located, self.missing_texts(values), context)

    def warn_missing(self, located: Located, found: list[tuple[PathKey, Text]],
                     context: Text | str) -> None:
        for key, message in found:
            self.report.warning(located.at(key), _("{context}: {message}", context=context,
                                                   message=message) if context else message,
                                kind="fallback")

    def missing_texts(self, values: Iterable[tuple[PathKey, Any]]
                      ) -> list[tuple[PathKey, Text]]:
        """(path, message) for each multilingual value that lacks a published language."""
        out = []
        for key, value in values:
            if not isinstance(value, LangText) or key[-1] in ORIGINAL_TEXT_FIELDS:
                continue
            missing = self.missing(value)
            if missing:
                shown = value.resolve(missing[0], self.codes).lang or "?"
                where = ".".join(str(k) if isinstance(k, str) else f"[{k}]" for k in key)
                where = where.replace(".[", "[")
                out.append((key, _("{field}: no {languages} text; showing '{shown}' instead",
                                   field=where, languages=", ".join(missing), shown=shown)))
        return out

    def item_texts(self, raw: RawItem) -> tuple[list[tuple[PathKey, Text]],
                                                list[list[tuple[PathKey, Text]]]]:
        """The missing translations of an item and of each of its images."""
        rec = raw.record
        return (self.missing_texts(self.fields(rec)),
                [self.missing_texts(self.fields(img, ("images", n)))
                 for n, img in enumerate(rec.images)])

    def missing(self, value: LangText) -> tuple[str, ...]:
        """``value.missing(self.codes)``, without re-normalising the site's own codes."""
        if value.plain is not None:
            return ()
        given = {k for k, _ in value.texts}
        return tuple(code for code in self.codes if code not in given)

    @staticmethod
    def fields(record: Any, prefix: PathKey = ()) -> list[tuple[PathKey, Any]]:
        """(path, value) pairs of a record's multilingual fields, lists flattened."""
        out: list[tuple[PathKey, Any]] = []
        for name, value in record.__dict__.items():  # the model's fields, in their order
            if isinstance(value, list):
                out.extend(((*prefix, name, i), v) for i, v in enumerate(value)
                           if isinstance(v, LangText))
            elif isinstance(value, LangText):
                out.append(((*prefix, name), value))
        return out
