"""Diagnostics: every problem as ``path:line:column: message``, collected, never raised one by one.

Stages append :class:`Diagnostic` records to a :class:`Report`; the CLI prints them all and picks
the exit status. :class:`BuildFailed` is raised only to stop the pipeline once errors are known.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from korme.l10n import Catalog, Text, _


class Severity(enum.Enum):
    """How bad a diagnostic is; warnings become errors under ``--strict``."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Position:
    """A place in a source file: a site-relative POSIX path, 1-based line and column."""

    path: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in the site's input."""

    position: Position
    message: str | Text
    severity: Severity = Severity.ERROR
    kind: str = "content"

    def __str__(self) -> str:
        return self.text(Catalog.english())

    def text(self, catalog: Catalog) -> str:
        """``path:line:column: message`` in the catalogue's language."""
        message = self.message.render(catalog) if isinstance(self.message, Text) \
            else self.message
        if self.severity is Severity.ERROR:
            return f"{self.position}: {message}"
        return f"{self.position}: {_('warning: {message}', message=message).render(catalog)}"


@dataclass
class Report:
    """Collects diagnostics (and notes such as fallbacks) across the pipeline's stages."""

    strict: bool = False
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def error(self, position: Position, message: str | Text, kind: str = "content") -> None:
        """Record an error."""
        self.diagnostics.append(Diagnostic(position, message, Severity.ERROR, kind))

    def warning(self, position: Position, message: str | Text, kind: str = "content") -> None:
        """Record a warning (an error when the build is strict)."""
        severity = Severity.ERROR if self.strict else Severity.WARNING
        self.diagnostics.append(Diagnostic(position, message, severity, kind))

    def extend(self, diagnostics: list[Diagnostic]) -> None:
        """Add diagnostics made elsewhere (for example in an image worker)."""
        for d in diagnostics:
            if self.strict and d.severity is Severity.WARNING:
                d = Diagnostic(d.position, d.message, Severity.ERROR, d.kind)
            self.diagnostics.append(d)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]

    def sorted(self) -> list[Diagnostic]:
        """Unique diagnostics in a stable order: by file, line, column."""
        seen: set[tuple[Position, str]] = set()
        out = []
        for d in sorted(self.diagnostics, key=lambda d: (d.position, str(d.message))):
            if (d.position, str(d.message)) not in seen:
                seen.add((d.position, str(d.message)))
                out.append(d)
        return out

    def raise_if_errors(self) -> None:
        """Stop the pipeline when any error has been recorded."""
        if self.errors:
            raise BuildFailed(self)


class BuildFailed(Exception):
    """The build stopped because of content errors; the report holds them all."""

    def __init__(self, report: Report):
        super().__init__(f"{len(report.errors)} error(s)")
        self.report = report


class UsageError(Exception):
    """Wrong use of the command line or of the output folder (exit status 2)."""


def kind_count(kind: str, count: int) -> Text:
    """``3 missing translation(s)``: how many warnings of one kind, in curators' words."""
    words = {
        "content": lambda: _("{count} content problem(s)", count=count),
        "syntax": lambda: _("{count} syntax problem(s)", count=count),
        "fallback": lambda: _("{count} missing translation(s)", count=count),
        "remote": lambda: _("{count} problem(s) with partners' documents", count=count),
        "unknown-key": lambda: _("{count} unknown key(s)", count=count),
        "unknown-field": lambda: _("{count} undeclared field(s)", count=count),
        "unknown-type": lambda: _("{count} unknown type(s)", count=count),
        "broken-link": lambda: _("{count} broken link(s)", count=count),
        "broken-anchor": lambda: _("{count} broken anchor(s)", count=count),
        "cover": lambda: _("{count} cover problem(s)", count=count),
        "draft": lambda: _("{count} reference(s) to drafts", count=count),
        "iiif": lambda: _("{count} IIIF problem(s)", count=count),
        "language": lambda: _("{count} language problem(s)", count=count),
        "placeholder": lambda: _("{count} placeholder text(s)", count=count),
        "search": lambda: _("{count} search problem(s)", count=count),
        "template": lambda: _("{count} template problem(s)", count=count),
        "unused-image": lambda: _("{count} unused image(s)", count=count),
        "cache": lambda: _("{count} build cache problem(s)", count=count),
    }
    known = words.get(kind)
    return known() if known else _("{count} {kind}", count=count, kind=kind)
