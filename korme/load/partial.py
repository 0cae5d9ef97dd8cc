"""The fields of an item record that failed validation, checked on their own.

A record with one mistake (``titel:``, a missing ``alt``) is not made into an item, but its
other fields are still checked here, so one run reports every problem of the record: the date,
the keys of its images.
"""

from __future__ import annotations

from korme.dates import parse_date
from korme.errors import Report
from korme.l10n import Text, _
from korme.load.reader import Located
from korme.load.records import warn_unknown_keys
from korme.load.schema import KNOWN_KEYS


def check_broken_record(sub: Located, context: Text, report: Report) -> None:
    """Report the problems of a broken record's fields that do not depend on the others."""
    data = sub.data
    if not isinstance(data, dict):
        return
    date = data.get("date")
    if isinstance(date, (str, int)) and str(date).strip():
        try:
            parse_date(str(date).strip())
        except ValueError as exc:
            report.error(sub.at(("date",)), _("{context}: date: {problem}", context=context,
                                             problem=exc.args[0]))
    images = data.get("images")
    if isinstance(images, list):
        for n, image in enumerate(images):
            if isinstance(image, dict):
                warn_unknown_keys(sub, KNOWN_KEYS["image"], report, context, at=("images", n))
