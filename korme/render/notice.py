"""Fallbacks explained in the page's language.

A value shown in another language because the page's is missing keeps its marked style (the
theme's ``partials/lang.html``); the macro that marks it is made once per page language with
``fallback_note(tag)``, the words a screen reader hears after it ("not yet translated; shown in
Kazakh"), and ``page_lang``, so the explanation is in the page's language. Whole pages and
sections shown in another language say so at their top (``partials/notice.html``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Any

import jinja2

from korme.i18n import Lang, language_name


def fallback_wraps(env: jinja2.Environment, ui: Callable[[str], dict[str, str]],
                   languages: Iterable[Lang]) -> dict[str, Callable[..., Any]]:
    """The theme's ``wrap`` macro for each page language (see the module)."""
    template = env.get_template("partials/lang.html")
    out = {}
    for lang in languages:
        note = ui(lang.code).get("fallback_value", "")

        @functools.cache
        def fallback_note(tag: str, note: str = note, code: str = lang.code) -> str:
            return note.format(language=language_name(tag, code)) if note else ""

        module = template.make_module({"fallback_note": fallback_note, "page_lang": lang})
        out[lang.code] = module.wrap
    return out
