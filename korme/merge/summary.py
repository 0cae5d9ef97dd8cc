"""What ``korme import`` prints after a merge, in the curator's language."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from korme.errors import Diagnostic, Report
from korme.l10n import Catalog, Text, _, catalog_for
from korme.merge.rule import Outcome

SHOWN = 12  # ids listed before "…"


def _ids(ids: list[str]) -> str:
    return ", ".join(ids[:SHOWN]) + (", …" if len(ids) > SHOWN else "")


def outcome_lines(outcome: Outcome, target: Path, source: str) -> list[Text]:
    """The lines that say what an import did."""
    lines = []
    if outcome.written:
        lines.append(_("imported {source} into {target}: {updated} updated, {added} added, "
                       "{unchanged} unchanged", source=source, target=str(target),
                       updated=len(outcome.updated), added=len(outcome.added),
                       unchanged=len(outcome.unchanged)))
    else:
        lines.append(_("nothing to change in {target}: its items already say what {source} "
                       "says", target=str(target), source=source))
    if outcome.missing and outcome.pruned:
        lines.append(_("removed {count} items that are not in {source}: {ids}; the previous "
                       "items.yaml is kept as {backup}", count=len(outcome.missing),
                       source=source, ids=_ids(outcome.missing), backup=str(outcome.backup)))
    elif outcome.missing:
        lines.append(_("{count} items are not in {source} and were kept: {ids} (--prune "
                       "removes them)", count=len(outcome.missing), source=source,
                       ids=_ids(outcome.missing)))
    return lines


def print_import(report: Report, outcome: Outcome | None, target: Path, source: str,
                 show: Callable[[Diagnostic, Catalog], str] | None = None,
                 catalog: Catalog | None = None) -> int:
    """Print the problems (``show`` formats one) and what was done, in ``catalog``'s language
    (default: :func:`~korme.l10n.catalog_for`); the exit status."""
    catalog = catalog or catalog_for()
    for d in report.sorted():
        print(show(d, catalog) if show else d.text(catalog), file=sys.stderr)
    if outcome is None:
        print(_("import stopped: {count} error(s); {target} is unchanged",
                count=len(report.errors), target=str(target)).render(catalog),
              file=sys.stderr)
        return 1
    for line in outcome_lines(outcome, target, source):
        print(line.render(catalog))
    return 0
