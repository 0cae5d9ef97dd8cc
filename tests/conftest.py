"""Shared fixtures: build real fixture sites into temporary folders and read the output."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from korme.cli import main
from korme.errors import Report

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent


@pytest.fixture(autouse=True)
def _fixed_date(monkeypatch: pytest.MonkeyPatch) -> None:
    """Builds see a fixed date (2026-06-01) so that home-page grouping is stable; messages
    are in English whatever the machine's locale (a test asks for another language)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780272000")
    monkeypatch.setenv("KORME_LANG", "en")


def copy_site(name: str, dest: Path) -> Path:
    """Copy a fixture site into ``dest`` (so builds never write into the repository)."""
    target = dest / name
    shutil.copytree(FIXTURES / name, target, ignore=shutil.ignore_patterns(
        ".korme-cache", "_site"))
    return target


@pytest.fixture
def site_copy(tmp_path: Path) -> Callable[[str], Path]:
    return lambda name="mini": copy_site(name, tmp_path)


def run(*args: str | Path) -> int:
    return main([str(a) for a in args])


def build_into(site: Path, out: Path, *flags: str) -> int:
    return run("build", "--site", site, "--output", out, "--workers", "1", "-q", *flags)


@pytest.fixture(scope="session")
def mini_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini fixture site, built once for the read-only tests."""
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = "1780272000"
    try:
        base = tmp_path_factory.mktemp("mini")
        site = copy_site("mini", base)
        out = base / "out"
        assert build_into(site, out) == 0
        return out
    finally:
        if old is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old


def output_files(folder: Path) -> list[Path]:
    """Every file below an output folder, through its links into the store beside it
    (``media`` and ``iiif/images`` are links there), in order."""
    found = []
    for base, dirs, files in os.walk(folder, followlinks=True):
        dirs.sort()
        found += [Path(base, name) for name in files]
    return sorted(found)


def leftovers(out: Path) -> list[Path]:
    """Staging or replaced folders that a build left beside the output folder ``out`` (its
    spare folder and store are not leftovers)."""
    return [p for p in out.parent.glob(f".{out.name}.korme-*")
            if re.search(r"\.korme-(new|old)-", p.name)]


STORED = ("media/", "iiif/images/")  # links into the store beside the output


def stored_files(folder: Path) -> dict[str, str]:
    """The digest of each file an output folder reaches through its store links, by path."""
    return {rel: hashlib.sha256(p.read_bytes()).hexdigest() for p in output_files(folder)
            if (rel := p.relative_to(folder).as_posix()).startswith(STORED)}


def tree_hash(folder: Path, stored: bool = True) -> str:
    """A hash of every file's path and bytes under ``folder`` (through its store links; without
    the files there when ``stored`` is false)."""
    h = hashlib.sha256()
    for p in output_files(folder):
        if not stored and p.relative_to(folder).as_posix().startswith(STORED):
            continue
        h.update(p.relative_to(folder).as_posix().encode())
        h.update(p.read_bytes())
    return h.hexdigest()


def copy_sample(dest: Path) -> Path:
    """Copy the repository's sample site (and its image cache, to save time) into ``dest``."""
    dest.mkdir(parents=True)
    for name in ("site.yaml", "content", "exhibitions", ".korme-cache"):
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("state*"))
        elif src.is_file():
            shutil.copy2(src, dest / name)
    return dest


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the sample site, for the builds below."""
    return copy_sample(tmp_path_factory.mktemp("sample") / "site")


@pytest.fixture(scope="session")
def sample_built(sample_site: Path) -> Path:
    """The sample site (with its ``base_url``), built once for the read-only tests."""
    out = sample_site.parent / "out"
    assert build_into(sample_site, out) == 0
    return out


@pytest.fixture(scope="session")
def sample_offline(sample_site: Path) -> Path:
    """The sample site built with ``--offline`` (for ``file://``)."""
    out = sample_site.parent / "offline"
    assert build_into(sample_site, out, "--offline") == 0
    return out


@pytest.fixture(scope="session")
def showcase_built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Report]]:
    """The showcase test site (tests/showcase_site.py) built once at the tests' fixed date,
    without its search index: the output folder and the build's report."""
    from korme.build import BuildOptions, build
    from tests.showcase_site import write_site

    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = "1780272000"  # 2026-06-01
    try:
        base = tmp_path_factory.mktemp("showcase")
        site = write_site(base / "site")
        out = base / "out"
        result = build(BuildOptions(site, out, workers=1, quiet=True, search=False))
        yield out, result.report
    finally:
        if old is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old
