"""Where a build's image jobs read and write when the workers share a cache.

Without ``images.cache`` the workers write straight into the build's own cache (the local pool,
or a cluster whose workers all see the site folder at the same path: one machine, or the site
on a shared mount). With it, jobs are pointed at the shared cache, the sources of a cluster's
jobs are put there first (by content hash; already there: not again), and after the run the
build copies what it publishes from the shared cache into its own, which it then uses as
without one. Derivatives another build already put in the shared cache are taken, not made.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path

from korme.errors import Diagnostic, Position
from korme.images.pool import ClusterError
from korme.images.render import Job, JobResult
from korme.images.settings import ImageSettings
from korme.images.shared import FolderCache, SharedCache, open_shared
from korme.images.store import COLOUR, placeholder_name
from korme.images.tilework import TileJob
from korme.l10n import _


class Placement:
    """A shared cache as seen by one build (see the module docstring)."""

    def __init__(self, cache: SharedCache, upload_sources: bool):
        self.cache = cache
        self.upload_sources = upload_sources

    def fetch_media(self, paths: Iterable[Path]) -> None:
        """Copy into the local cache the derivatives (by their local cache path) it lacks and
        the shared cache holds."""
        missing = [p for p in paths if not p.exists()]
        if missing:
            have = self.cache.names("media")
            self.cache.fetch("media", [(p.name, p) for p in missing if p.name in have])

    def fetch_pyramids(self, folders: Iterable[Path]) -> None:
        """The same for pyramids (by their local cache folder)."""
        missing = [f for f in folders if not f.is_dir()]
        if missing:
            have = self.cache.names("tiles")
            self.cache.fetch("tiles", [(self._pyramid(f), f) for f in missing
                                       if self._pyramid(f) in have])

    def collect(self, results: Iterable[JobResult], folder: str, local_dir: Path) -> None:
        """Copy in what the jobs just made, by the names and sizes their results carry (no
        listing of the shared cache); a file of another size than reported is an error."""
        wanted, sizes = [], {}
        for result in results:
            for name, size in result.files:
                local = local_dir / name.removesuffix(".tar")
                if not local.exists():
                    wanted.append((name, local))
                    sizes[local] = size
        self.cache.fetch(folder, wanted)
        for local, size in sizes.items():
            if local.is_file() and local.stat().st_size != size:
                local.unlink()
                raise OSError(f"{local.name}: {size} bytes were made, another size arrived")

    def fetch_placeholders(self, keys: Iterable[str]) -> dict[str, str]:
        """Placeholder colours other builds left in the shared cache, by placeholder key."""
        wanted = {placeholder_name(k): k for k in keys}
        if not wanted:
            return {}
        have = self.cache.names("placeholders")
        found = self.cache.read("placeholders", [n for n in wanted if n in have])
        return {wanted[n]: text for n, text in found.items() if COLOUR.fullmatch(text)}

    def place(self, jobs: list[Job | TileJob], digests: Mapping[str, str]) -> list:
        """The jobs with their outputs in the shared cache, and for a cluster their sources.

        ``digests`` gives each source path's content digest (the name it is shared under).
        """
        sources = self._put_sources(jobs, digests) if self.upload_sources else {}
        placed: list[Job | TileJob] = []
        for job in jobs:
            source = sources.get(job.source, job.source)
            if isinstance(job, TileJob):
                folder = self.cache.target("tiles", self._pyramid(Path(job.folder)))
                placed.append(replace(job, source=source, folder=folder))
            else:
                outputs = tuple(replace(o, path=self.cache.target("media", Path(o.path).name))
                                for o in job.outputs)
                colour = self.cache.target("placeholders", Path(job.placeholder_path).name)
                placed.append(replace(job, source=source, outputs=outputs,
                                      placeholder_path=colour))
        return placed

    def _pyramid(self, folder: Path) -> str:
        """A pyramid's name in the shared cache: its folder, or in object storage its archive."""
        return f"{folder.name}.tar" if self.cache.remote else folder.name

    def _put_sources(self, jobs: list[Job | TileJob],
                     digests: Mapping[str, str]) -> dict[str, str]:
        """Put the jobs' sources missing from the shared cache; their shared path or URL."""
        names = {job.source: digests[job.source] + Path(job.source).suffix.lower()
                 for job in jobs}
        have = self.cache.names("sources")
        self.cache.put("sources", [(Path(p), n) for p, n in names.items() if n not in have])
        return {p: self.cache.target("sources", n) for p, n in names.items()}


def setup_problem(e: ClusterError | OSError, settings: ImageSettings) -> Diagnostic:
    """The diagnostic for a cluster or shared cache that cannot be used (other errors of the
    file system, without a shared cache, are not ours to explain: raised again)."""
    if isinstance(e, ClusterError):
        return Diagnostic(Position("site.yaml"), e.message)
    if not settings.cache:
        raise e
    return Diagnostic(Position("site.yaml"), _("the shared image cache {url}: {error}",
                                               url=settings.cache,
                                               error=str(e) or type(e).__name__))


def placement(settings: ImageSettings, cache_dir: Path) -> Placement | None:
    """The build's placement, or ``None`` when the workers use the build's own cache.

    Raises ``ClusterError`` when the shared cache cannot be opened.
    """
    if not settings.cache:
        return None
    cache = open_shared(settings.cache)
    if isinstance(cache, FolderCache) and cache.root == cache_dir.resolve():
        return None
    return Placement(cache, upload_sources=bool(settings.cluster))
