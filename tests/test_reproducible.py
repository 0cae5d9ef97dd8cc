"""Reproducible builds: the sample built twice, from two copies in different folders with their
own caches, gives byte-identical sites (images, pages and search index alike)."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import REPO, output_files, run, tree_hash


def _copy_sample(dest: Path) -> Path:
    dest.mkdir(parents=True)
    for name in ("site.yaml", "content", "exhibitions"):
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, dest / name)
        else:
            shutil.copy2(src, dest / name)
    return dest


def test_sample_builds_are_byte_identical(tmp_path: Path) -> None:
    first = _copy_sample(tmp_path / "one" / "site")
    second = _copy_sample(tmp_path / "elsewhere" / "deeper" / "copy")
    assert run("build", "--site", first, "--output", tmp_path / "one" / "out", "-q") == 0
    assert run("build", "--site", second, "--output", tmp_path / "other-out", "-q") == 0
    a, b = tmp_path / "one" / "out", tmp_path / "other-out"
    files_a = sorted(p.relative_to(a).as_posix() for p in output_files(a))
    files_b = sorted(p.relative_to(b).as_posix() for p in output_files(b))
    assert files_a == files_b
    assert any(f.startswith("pagefind/") for f in files_a)
    assert tree_hash(a) == tree_hash(b)
    for page in a.rglob("*.html"):  # no absolute paths of the machine leak into pages
        assert str(tmp_path) not in page.read_text("utf-8")
