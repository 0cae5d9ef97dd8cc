"""What a publish did (or, with ``--dry-run``, would do)."""

from __future__ import annotations

from dataclasses import dataclass, field

from korme.l10n import Text


@dataclass
class Outcome:
    """Files sent and deleted; ``changes`` lists them for ``--dry-run``."""

    sent: int = 0
    deleted: int = 0
    changes: list[str] = field(default_factory=list)  # "+ path", "- path"
    note: str | Text = ""  # where it went: the release, the commit, the bucket
