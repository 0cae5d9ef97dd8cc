"""Turning located YAML data into validated records, with pydantic errors mapped to positions."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from korme.errors import Report
from korme.l10n import Text, _
from korme.load.reader import Located, PathKey
from korme.suggest import closest

M = TypeVar("M", bound=BaseModel)

_DATE = _("expected a date such as 2026-01-21")
_MESSAGES = {
    "missing": _("missing"),
    "list_type": _("expected a list"),
    "dict_type": _("expected a mapping of keys"),
    "model_type": _("expected a mapping of keys"),
    "int_type": _("expected a whole number"),
    "int_parsing": _("expected a whole number"),
    "bool_type": _("expected true or false"),
    "bool_parsing": _("expected true or false"),
    "string_type": _("expected text"),
    "date_type": _DATE,
    "date_from_datetime_parsing": _DATE,
    "date_parsing": _DATE,
    "too_short": _("must not be empty"),
}


def field_path(loc: PathKey) -> str:
    """``("images", 0, "alt")`` → ``images[0].alt``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _message(err: dict[str, Any]) -> str | Text:
    kind = err["type"]
    if kind == "value_error":
        error = err.get("ctx", {}).get("error")
        if isinstance(error, ValueError) and error.args and isinstance(error.args[0], Text):
            return error.args[0]  # a validator's message for curators, put into their language
        return str(err["msg"]).removeprefix("Value error, ")
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        return _("'{value}' is not allowed; expected {expected}", value=err.get("input"),
                 expected=expected)
    return _MESSAGES.get(kind, str(err["msg"]).lower())


def _loc(err: dict[str, Any]) -> PathKey:
    # pydantic adds validator names (e.g. "function-after[...]") to locs of Annotated types
    return tuple(p for p in err["loc"] if not (isinstance(p, str) and "[" in p))


def _no_colon(key: str, name: str) -> bool:
    """``title {kk`` read as one key: ``title`` followed by its value without a colon."""
    return key != name and key.split()[0] == name if key.split() else False


def standing_for(name: str, keys: list[str]) -> str | None:
    """The key among ``keys`` that was meant as ``name``: a typo of it, or it and its value
    run together by a missing colon."""
    for key in keys:
        if _no_colon(key, name):
            return key
    return closest(name, keys, 0.75)


def validate_record(
    model: type[M], located: Located, report: Report, context: str | Text = ""
) -> M | None:
    """Validate one mapping; report every error at its position and return ``None`` on failure."""
    prefix = _("{context}: ", context=context) if context else ""
    if not isinstance(located.data, dict):
        report.error(located.at(()), _("{context}{message}", context=prefix,
                                       message=_("expected a mapping of keys")))
        return None
    try:
        return model.model_validate(located.data)
    except ValidationError as exc:
        extra = [str(k) for k in located.data if k not in model.model_fields]
        for err in exc.errors():
            loc = _loc(err)
            near = standing_for(str(loc[0]), extra) if err["type"] == "missing" and \
                len(loc) == 1 else None
            if near is not None and _no_colon(near, str(loc[0])):
                report.error(located.at((near, "__key__")), _(
                    "{context}{name}: missing; is a colon missing after '{name}' on this line?",
                    context=prefix, name=loc[0]))
            elif near is not None:  # titel: … for title: the typo's place, both names
                report.error(located.at((near, "__key__")), _(
                    "{context}{name}: missing; '{typo}' is not a key: is it a typo of "
                    "'{name}'?", context=prefix, name=loc[0], typo=near))
            else:
                report.error(located.at(loc), _("{context}{name}: {problem}", context=prefix,
                                                name=field_path(loc), problem=_message(err)))
        return None


def warn_unknown_keys(
    located: Located, known: set[str], report: Report, context: str | Text = "",
    at: PathKey = (),
    model: type[BaseModel] | None = None
) -> None:
    """Warn about keys the format does not define (likely typos). With ``model``, a key like
    one of its required fields that is missing is left to :func:`validate_record`'s error."""
    data = located.data
    for part in at:
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return
    if not isinstance(data, dict):
        return
    prefix = _("{context}: ", context=context) if context else ""
    absent = [n for n, f in model.model_fields.items() if f.is_required() and n not in data] \
        if model is not None else []
    for key in data:
        if key not in known and not any(standing_for(a, [str(key)]) for a in absent):
            pos = located.at((*at, key, "__key__"))
            where = field_path((*at, key))
            near = closest(str(key), known, cutoff=0.75)
            message = _("unknown key '{name}' (did you mean '{suggestion}'?); it is ignored",
                        name=where, suggestion=near) if near else \
                _("unknown key '{name}' (ignored; is it a typo?)", name=where)
            report.warning(pos, _("{context}{message}", context=prefix, message=message),
                           kind="unknown-key")
