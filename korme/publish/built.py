"""The built site to publish: the output folder as the last build left it, never a stale one."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from korme.l10n import _
from korme.publish import PublishError
from korme.publish.policy import publishable
from korme.render.calendar import inputs_of
from korme.state import BuildState, load_state, state_path
from korme.store import published

SOURCES = ("site.yaml", "content", "exhibitions", "themes")


@dataclass(frozen=True)
class Built:
    """A complete build: its folder and every file's content hash (from the build state)."""

    root: Path  # the site folder
    output: Path
    files: dict[str, str]  # path -> content hash, server configuration included

    def publishable(self) -> dict[str, str]:
        """The files a static host serves (without ``_server/``)."""
        return {p: h for p, h in self.files.items() if publishable(p)}


def _newer(folder: Path, since_ns: int) -> Path | None:
    """A file or folder below ``folder`` changed after ``since_ns`` (folders change when a file
    in them is added or deleted)."""
    if not folder.exists():
        return None
    if folder.is_file():
        return folder if folder.stat().st_mtime_ns > since_ns else None
    for base, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        for name in (".", *files):
            path = Path(base, name)
            try:
                if path.stat().st_mtime_ns > since_ns:
                    return path
            except OSError:
                continue
    return None


def current_build(root: Path, output: Path, inputs: str) -> Built:
    """The build in ``output``; :class:`PublishError` when there is none, when it was changed
    by hand, or when a source changed after it (``inputs``: the key of the sources now)."""
    from korme.build import CACHE_DIR  # the build imports this package

    root, output = root.resolve(), output.resolve()
    cache = root / CACHE_DIR
    state: BuildState = load_state(cache, output)
    if not state.files:
        raise PublishError(_("no build of this site in {path}: run `korme build` first",
                             path=output))
    if not state.output_intact(output):
        raise PublishError(_("{path} was changed after the build: run `korme build` again",
                             path=output))
    if inputs_of(state.inputs) != inputs:
        # the key also holds the options (--drafts, --offline): a build made with other
        # options is current when no source changed after it
        since = state_path(cache, output).stat().st_mtime_ns
        for name in SOURCES:
            changed = _newer(root / name, since)
            if changed is not None:
                rel = changed.relative_to(root).as_posix()
                raise PublishError(_("the build in {path} is older than its sources ({file} "
                                     "changed after it): run `korme build` first",
                                     path=output, file=rel))
    return Built(root, output, published(output, state))  # through the links into the store
