"""Rights statements: a label key for known URIs and whether they allow reuse (download)."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Rights:
    uri: str
    key: str  # UI string key for the label, e.g. "rights_inc"; "" when unknown
    reusable: bool


_RULES: tuple[tuple[str, str, bool], ...] = (
    (r"creativecommons\.org/publicdomain/mark/", "rights_pdm", True),
    (r"creativecommons\.org/publicdomain/zero/", "rights_cc0", True),
    (r"creativecommons\.org/licenses/by-nc-nd/", "rights_cc_by_nc_nd", False),
    (r"creativecommons\.org/licenses/by-nc-sa/", "rights_cc_by_nc_sa", True),
    (r"creativecommons\.org/licenses/by-nc/", "rights_cc_by_nc", True),
    (r"creativecommons\.org/licenses/by-nd/", "rights_cc_by_nd", True),
    (r"creativecommons\.org/licenses/by-sa/", "rights_cc_by_sa", True),
    (r"creativecommons\.org/licenses/by/", "rights_cc_by", True),
    (r"rightsstatements\.org/vocab/InC-EDU/", "rights_inc_edu", False),
    (r"rightsstatements\.org/vocab/InC-NC/", "rights_inc_nc", False),
    (r"rightsstatements\.org/vocab/InC/", "rights_inc", False),
    (r"rightsstatements\.org/vocab/NoC-NC/", "rights_noc_nc", True),
    (r"rightsstatements\.org/vocab/NoC-US/", "rights_noc_us", True),
    (r"rightsstatements\.org/vocab/NoC-OKLR/", "rights_noc_oklr", False),
    (r"rightsstatements\.org/vocab/NoC-CR/", "rights_noc_cr", True),
    (r"rightsstatements\.org/vocab/NKC/", "rights_nkc", True),
    (r"rightsstatements\.org/vocab/CNE/", "rights_cne", False),
    (r"rightsstatements\.org/vocab/UND/", "rights_und", False),
)


# one search for all the rules: the first that matches names its group (rule0, rule1…)
_ANY = re.compile("|".join(f"(?P<rule{n}>{pattern})" for n, (pattern, _, _) in enumerate(_RULES)))


def classify(uri: str | None) -> Rights | None:
    """What a rights URI means for visitors; unknown URIs are shown as links, not reusable."""
    if not uri:
        return None
    m = _ANY.search(uri)
    if m is None or m.lastgroup is None:
        return Rights(uri, "", False)
    _, key, reusable = _RULES[int(m.lastgroup[4:])]
    return Rights(uri, key, reusable)
