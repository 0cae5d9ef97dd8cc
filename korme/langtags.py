"""Checking site.yaml's ``languages:``: tags that are valid BCP 47 and known to the registry.

``kz`` is Kazakhstan's country code, not a language: it is refused at the ``languages:``
line with "did you mean 'kk'?" (an official language of that country, from CLDR), rather than
publishing ``/kz/`` pages with ``lang="kz"`` and a fallback warning on every text.
"""

from __future__ import annotations

from collections.abc import Sequence

import langcodes
from babel.languages import get_official_languages

from korme.i18n import is_lang_tag, norm_tag
from korme.l10n import Text, _
from korme.suggest import closest


def _likely_language(tag: str, others: Sequence[str]) -> str | None:
    """A language the curator probably meant: for a country code (``kz``) an official language
    there (``kk``, from CLDR), else one of the site's other codes a letter away."""
    if len(tag) == 2 and tag.isalpha():
        official = [str(o) for o in get_official_languages(tag.upper())]
        if official:  # kz → kk rather than ru: the one that looks like what was typed
            return min(official, key=lambda o: o[0] != tag[0])
    return closest(tag, [norm_tag(o) for o in others if langcodes.tag_is_valid(o)])


def language_tag_problem(tag: str, others: Sequence[str] = ()) -> Text | None:
    """What is wrong with a language tag of the site, or ``None`` when it is fine."""
    if is_lang_tag(tag) and langcodes.tag_is_valid(tag):
        return None
    near = _likely_language(tag.strip().lower(), others)
    if near is not None:
        return _("'{tag}' is not a language code (did you mean '{suggestion}'?); codes "
                 "are BCP 47 tags such as kk, ru, en, kk-Latn", tag=tag, suggestion=near)
    return _("'{tag}' is not a language code; codes are BCP 47 tags such as kk, ru, en, "
             "kk-Latn", tag=tag)
