"""An error raised while a page renders, reported at the template's file and line.

Jinja rewrites the traceback of any exception that leaves a template so that its frames name
the template files and their lines; the innermost frame in one of the theme's templates is
where the curator (or the theme's author) has to look. Errors outside any template (in a view)
are reported at the template the page was rendering with.
"""

from __future__ import annotations

import traceback
from pathlib import Path

import jinja2

from korme.errors import Diagnostic, Position
from korme.l10n import _


def _shown_path(path: Path, site_root: Path) -> str:
    """A template's path as the curator knows it: from the site folder, or the default
    theme's ``themes/default/templates/…``."""
    path = path.resolve()
    if path.is_relative_to(site_root.resolve()):
        return path.relative_to(site_root.resolve()).as_posix()
    parts = path.parts
    for n in range(len(parts) - 1, 0, -1):
        if parts[n] == "themes":
            return Path(*parts[n:]).as_posix()
    return path.as_posix()


def template_problem(exc: BaseException, templates: dict[str, Path], site_root: Path,
                     url: str) -> Diagnostic:
    """A diagnostic for ``exc`` raised while rendering the page at ``url``."""
    where: tuple[Path, int] | None = None
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
        where = (Path(exc.filename), exc.lineno or 1)
    else:
        for frame in traceback.extract_tb(exc.__traceback__):
            if frame.filename in templates:
                where = (templates[frame.filename], frame.lineno or 1)
    message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    if not isinstance(exc, jinja2.TemplateError):
        message = f"{type(exc).__name__}: {message}"
    position = Position(_shown_path(where[0], site_root), where[1], 1) if where else \
        Position("themes", 1, 1)
    return Diagnostic(position, _("{message} (while rendering {url})", message=message,
                                  url=url), kind="template")
