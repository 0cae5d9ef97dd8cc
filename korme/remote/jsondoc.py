"""Small checked readers for fields of partners' JSON documents (messages name the URL)."""

from __future__ import annotations

import json
from typing import Any

from korme.l10n import Text, _
from korme.remote.documents import Malformed
from korme.remote.fetch import FetchError, check_url


def load_json(body: bytes, url: str, what: Text) -> dict[str, Any]:
    """The document as a JSON object, or :class:`Malformed` saying why not."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError) as exc:
        raise Malformed(_("{url}: not a {what}: not JSON ({problem})", url=url, what=what,
                          problem=str(exc)[:200])) from None
    if not isinstance(data, dict):
        raise Malformed(_("{url}: not a {what}: expected a JSON object", url=url, what=what))
    return data


def web_url(value: Any, url: str, field: str) -> str:
    """An http(s) address given in a document (an id, a service), checked like a fetch's."""
    if not isinstance(value, str) or not value:
        raise Malformed(_("{url}: '{field}' is missing or not an address", url=url,
                          field=field))
    try:
        return check_url(value)
    except FetchError:
        raise Malformed(_("{url}: '{field}' is not an http or https address: {value}",
                          url=url, field=field, value=value[:200])) from None


def positive_int(value: Any, url: str, field: str) -> int:
    """A whole number above zero (``width``, ``height``…)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise Malformed(_("{url}: '{field}' is not a positive whole number", url=url,
                          field=field))
    return value


def optional_int(value: Any, url: str, field: str) -> int | None:
    return None if value is None else positive_int(value, url, field)


def as_list(value: Any) -> list[Any]:
    """A JSON-LD value that may be one thing or a list of things, as a list."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]
