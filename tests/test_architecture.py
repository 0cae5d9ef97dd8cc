"""The package's shape: layers import downwards only, every page kind is rendered."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_layers_import_downwards_only() -> None:
    """The import-linter contract in pyproject.toml (``[tool.importlinter]``)."""
    done = subprocess.run([sys.executable, "-m", "importlinter.cli", "--config",
                           str(ROOT / "pyproject.toml")], capture_output=True, text=True,
                          cwd=ROOT)
    if done.returncode != 0 and "No module named" in done.stderr:
        done = subprocess.run(["lint-imports", "--config", str(ROOT / "pyproject.toml")],
                              capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_listed_page_kind_is_rendered() -> None:
    from korme.pages import LISTERS
    from korme.render.kinds import KINDS

    assert [k.pages for k in KINDS if k.pages in LISTERS] == [k.pages for k in KINDS]
    assert set(LISTERS) == {k.pages for k in KINDS}
    assert len({k.name for k in KINDS}) == len(KINDS)


def test_no_html_assembled_in_python() -> None:
    """HTML is written by templates; Python hands them plain data (the Markdown converters
    aside: they turn Markdown into HTML)."""
    import re

    assembled = re.compile(r"Markup\(f[\"']|f[\"']<(?!!)[a-z]+[ >]")
    allowed = {"korme/markdown/plain.py", "korme/markdown/render.py"}  # Markdown converters
    found = []
    for path in sorted((ROOT / "korme").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        for n, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
            if assembled.search(line) and rel not in allowed:
                found.append(f"{rel}:{n}: {line.strip()}")
    assert not found, "\n".join(found)


def test_no_view_found_by_name() -> None:
    for path in (ROOT / "korme").rglob("*.py"):
        assert 'getattr(self, "view_"' not in path.read_text("utf-8"), path


def test_a_wheel_ships_every_package_and_data_file() -> None:
    """pyproject.toml lists each package of korme/ and the kinds of data files it holds, so a
    non-editable install (pip install ., a wheel) has them all."""
    import tomllib
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]
    listed = set(config["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "korme").rglob(
        "__init__.py")}
    assert found <= listed, found - listed
    patterns = [f"{pkg.replace('.', '/')}/{pat}" for pkg, pats in config["package-data"].items()
                if pkg.startswith("korme") and pkg != "korme.themes" for pat in pats]
    data = {p for p in (ROOT / "korme").rglob("*") if p.is_file()
            and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts}
    unshipped = {p.relative_to(ROOT).as_posix() for p in data
                 if not any(p.relative_to(ROOT).match(pat) for pat in patterns)}
    assert not unshipped
