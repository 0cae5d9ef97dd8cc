"""Rights statements: what a rightsstatements.org or Creative Commons URI means for visitors.

A known URI gets a key (the theme's UI strings name its label ``rights_…``), an icon name, plain
words per language (kk, ru, en, in ``rights.yaml``) and whether it allows re-use (which decides
whether a full-size download may be offered). Any other value is unknown: shown as given, never
re-usable, and reported to the curator (:func:`korme.cite.checks.diagnostics`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

_CC = r"^https?://(?:www\.)?creativecommons\.org/"
_RS = r"^https?://rightsstatements\.org/(?:vocab|page)/"
_V = r"/\d\.\d(?:/[A-Za-z.-]+)?/?$"  # a licence version, optionally its deed or legal code
_RULES: tuple[tuple[str, str, str, bool], ...] = (
    (_CC + r"publicdomain/mark/1\.0/?$", "rights_pdm", "cc-pdm", True),
    (_CC + r"publicdomain/zero/1\.0/?$", "rights_cc0", "cc-zero", True),
    (_CC + r"licenses/by-nc-nd" + _V, "rights_cc_by_nc_nd", "cc-by-nc-nd", False),
    (_CC + r"licenses/by-nc-sa" + _V, "rights_cc_by_nc_sa", "cc-by-nc-sa", True),
    (_CC + r"licenses/by-nc" + _V, "rights_cc_by_nc", "cc-by-nc", True),
    (_CC + r"licenses/by-nd" + _V, "rights_cc_by_nd", "cc-by-nd", True),
    (_CC + r"licenses/by-sa" + _V, "rights_cc_by_sa", "cc-by-sa", True),
    (_CC + r"licenses/by" + _V, "rights_cc_by", "cc-by", True),
    (_RS + r"InC/1\.0/?$", "rights_inc", "rs-inc", False),
    (_RS + r"InC-OW-EU/1\.0/?$", "rights_inc_ow_eu", "rs-inc", False),
    (_RS + r"InC-EDU/1\.0/?$", "rights_inc_edu", "rs-inc", False),
    (_RS + r"InC-NC/1\.0/?$", "rights_inc_nc", "rs-inc", False),
    (_RS + r"InC-RUU/1\.0/?$", "rights_inc_ruu", "rs-inc", False),
    (_RS + r"NoC-CR/1\.0/?$", "rights_noc_cr", "rs-noc", True),
    (_RS + r"NoC-NC/1\.0/?$", "rights_noc_nc", "rs-noc", True),
    (_RS + r"NoC-OKLR/1\.0/?$", "rights_noc_oklr", "rs-noc", False),
    (_RS + r"NoC-US/1\.0/?$", "rights_noc_us", "rs-noc", True),
    (_RS + r"CNE/1\.0/?$", "rights_cne", "rs-other", False),
    (_RS + r"UND/1\.0/?$", "rights_und", "rs-other", False),
    (_RS + r"NKC/1\.0/?$", "rights_nkc", "rs-other", True),
)
_COMPILED = tuple((re.compile(p), k, i, r) for p, k, i, r in _RULES)
UNKNOWN_ICON = "rights-unknown"


@dataclass(frozen=True)
class Rights:
    """A rights value as visitors are told it."""

    uri: str
    key: str  # "rights_inc" …; "" when the value is not a known URI
    reusable: bool  # whether re-use (and so a full-size download) is allowed
    icon: str  # "cc-by", "rs-inc", "rs-noc", "rs-other", "cc-pdm", …, "rights-unknown"

    @property
    def known(self) -> bool:
        return bool(self.key)

    def label(self, lang: str) -> str:
        """The statement's name in ``lang`` (kk, ru, en; others English); unknown: the value."""
        return _words(self.key, lang, "label") or self.uri

    def summary(self, lang: str) -> str:
        """What a visitor may do, in plain words ("" for an unknown value)."""
        return _words(self.key, lang, "says")


def classify(uri: str | None) -> Rights | None:
    """What a rights value means; ``None`` when there is none."""
    if not uri:
        return None
    uri = uri.strip()
    for pattern, key, icon, reusable in _COMPILED:
        if pattern.match(uri):
            return Rights(uri, key, reusable, icon)
    return Rights(uri, "", False, UNKNOWN_ICON)


@lru_cache(maxsize=1)
def _table() -> dict[str, dict[str, dict[str, str]]]:
    path = Path(__file__).with_name("rights.yaml")
    with path.open(encoding="utf-8") as f:
        data: dict[str, dict[str, dict[str, str]]] = yaml.safe_load(f)
    return data


def _words(key: str, lang: str, what: str) -> str:
    if not key:
        return ""
    entry = _table()[key]
    base = lang.lower().split("-")[0]
    return entry.get(base, entry["en"])[what]
