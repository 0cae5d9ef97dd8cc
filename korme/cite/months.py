"""A month's name after a day number, in the form the language puts it there.

CSL locales give one name per month, the one that stands alone ("май", "январь" in Russian),
and citeproc-py writes it after the day as well: "12 май 1925 г.". Russian (like Ukrainian
or Polish) puts the month in the genitive after a day: "12 мая 1925 г.". CLDR has both forms
(its stand-alone and format contexts); where they differ by more than capitals, a stand-alone
name right after a day number is given its format form.
"""

from __future__ import annotations

import re
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import get_month_names


@lru_cache(maxsize=32)
def _after_day(lang: str) -> tuple[re.Pattern[str], dict[str, str]] | None:
    try:
        locale = Locale.parse(lang.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return None
    alone = get_month_names("wide", context="stand-alone", locale=locale)
    after = get_month_names("wide", context="format", locale=locale)
    forms = {alone[m]: after[m] for m in range(1, 13) if alone[m].lower() != after[m].lower()}
    if not forms:
        return None
    names = "|".join(re.escape(n) for n in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<!\d)(\d{{1,2}}[ \u00a0])({names})(?!\w)"), forms


def after_day(text: str, lang: str) -> str:
    """``text`` with every month name that follows a day number in its form for that place."""
    found = _after_day(lang)
    if found is None:
        return text
    pattern, forms = found
    return pattern.sub(lambda m: m.group(1) + forms[m.group(2)], text)
