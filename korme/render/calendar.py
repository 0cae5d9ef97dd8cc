"""The calendar as pages read it: which exhibitions are current, upcoming or past today.

The home page groups exhibitions by the build's day. A page's fingerprint holds what it read,
not the day, so the home page reads the calendar through a dependency key whose digest is the
grouping itself: it is rendered again on the days an exhibition opens or closes, not every
day. And a rebuild that finds every input unchanged does nothing, unless the day of the next
change has come: the state of a build holds that day beside the key of its inputs.
"""

from __future__ import annotations

import datetime
from typing import Any

from korme.render.fingerprint import digest
from korme.render.tracking import Key
from korme.render.values import exhibition_groups

CALENDAR: Key = ("calendar",)
_UNTIL = "@until="


def calendar_digest(exhibitions: Any, day: datetime.date) -> str:
    """The dependency's digest (written as :func:`korme.render.fingerprint.site_digests`
    writes its own): the slugs in each group on ``day``."""
    groups = exhibition_groups(exhibitions, day)
    return f"{CALENDAR!r}={digest(sorted((k, [ex.slug for ex in v]) for k, v in groups.items()))}"


def next_change(exhibitions: Any, day: datetime.date) -> datetime.date | None:
    """The first day after ``day`` on which an exhibition opens or has closed."""
    days = []
    for ex in exhibitions:
        opens, closes = ex.card.dates.opens, ex.card.dates.closes
        if opens and opens > day:
            days.append(opens)
        if closes and closes >= day:
            days.append(closes + datetime.timedelta(days=1))
    return min(days, default=None)


def stamped(inputs: str, exhibitions: Any, day: datetime.date) -> str:
    """The key of a build's inputs with the day the calendar next changes."""
    until = next_change(exhibitions, day)
    return f"{inputs}{_UNTIL}{until.isoformat()}" if until else inputs


def inputs_of(stored: str) -> str:
    """The key of a build's inputs from its stamped key (the calendar's day left out)."""
    return stored.partition(_UNTIL)[0]


def unchanged(stored: str, inputs: str, day: datetime.date) -> bool:
    """Whether a build whose stamped key is ``stored`` read these inputs on a day when the
    calendar is still as it was."""
    key, _sep, until = stored.partition(_UNTIL)
    return key == inputs and (not until or day < datetime.date.fromisoformat(until))
