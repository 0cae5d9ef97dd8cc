"""Running the system's ``ssh``, ``rsync`` and ``git`` with time limits and clear errors."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence

from korme.l10n import Text, _
from korme.publish import PublishError

TIMEOUT = 3600.0  # one command; a publish of many images may take long, never forever


def need(tool: str, package: str | None = None) -> str:
    """The path of a system tool, or a :class:`PublishError` saying how to install it."""
    path = shutil.which(tool)
    if path is None:
        raise PublishError(_("`{tool}` is not installed here: install it (for example "
                             "`apt install {package}`) and publish again", tool=tool,
                             package=package or tool))
    return path


def run(cmd: Sequence[str], what: str | Text, *, check: bool = True, timeout: float = TIMEOUT,
        env: dict[str, str] | None = None, cwd: str | None = None, stdin: str | None = None,
        ) -> subprocess.CompletedProcess[str]:
    """Run ``cmd``; with ``check`` a failure is a :class:`PublishError` naming ``what``."""
    try:
        done = subprocess.run(list(cmd), capture_output=True, text=True, timeout=timeout,
                              env=env, cwd=cwd, check=False, input=stdin or "")
    except subprocess.TimeoutExpired:
        raise PublishError(_("{what}: no answer within {seconds} s", what=what,
                             seconds=f"{timeout:.0f}")) from None
    except OSError as exc:
        raise PublishError(_("{what}: {error}", what=what,
                             error=exc.strerror or str(exc))) from None
    if check and done.returncode != 0:
        raise PublishError(_("{what} failed: {output}", what=what,
                             output=last_lines(done.stderr or done.stdout)))
    return done


def last_lines(text: str, n: int = 3) -> str | Text:
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    return " / ".join(lines[-n:]) or _("no message")
