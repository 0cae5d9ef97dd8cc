"""Golden output: the mini fixture site's HTML and file list, compared file by file.

After a deliberate change to templates or rendering, regenerate and review the diff:

    KORME_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py
    git diff tests/golden
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
from pathlib import Path

from tests.conftest import output_files

GOLDEN = Path(__file__).parent / "golden" / "mini"


def _snapshot(out: Path) -> dict[str, str]:
    # the search index is Pagefind's own binary output: its files are checked in test_search
    files = sorted(p.relative_to(out).as_posix() for p in output_files(out)
                   if not p.relative_to(out).as_posix().startswith("pagefind/"))
    snap = {"FILES.txt": "\n".join(files) + "\n"}
    for rel in files:
        if rel.endswith(".html"):
            # the theme's asset version changes with every CSS edit: not a change of the page
            snap[rel] = re.sub(r"\?v=[0-9a-f]+", "?v=VERSION", (out / rel).read_text("utf-8"))
    return snap


def test_golden_output(mini_built: Path) -> None:
    snap = _snapshot(mini_built)
    if os.environ.get("KORME_UPDATE_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for rel, text in snap.items():
            (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / rel).write_text(text, "utf-8")
    expected = {p.relative_to(GOLDEN).as_posix(): p.read_text("utf-8")
                for p in GOLDEN.rglob("*") if p.is_file()}
    assert sorted(snap) == sorted(expected), "pages added or removed"
    for rel, text in snap.items():
        if text != expected[rel]:
            diff = "".join(difflib.unified_diff(expected[rel].splitlines(True),
                                                text.splitlines(True), rel, rel, n=2))
            raise AssertionError(f"{rel} differs from the golden copy "
                                 f"(KORME_UPDATE_GOLDEN=1 to accept):\n{diff[:4000]}")
