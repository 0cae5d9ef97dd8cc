"""korme schema: JSON Schemas from the loader's models accept real files and reject broken ones."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from tests.conftest import FIXTURES, REPO, run


def _data(path: Path) -> object:
    """A YAML file as an editor's schema check sees it (dates are text)."""
    return json.loads(json.dumps(yaml.safe_load(path.read_text("utf-8")), default=str))


@pytest.fixture(scope="module")
def validators(tmp_path_factory: pytest.TempPathFactory) -> dict[str, jsonschema.Validator]:
    out = tmp_path_factory.mktemp("schemas")
    assert run("schema", "--output", out) == 0
    found = {}
    for name in ("site", "exhibition", "items"):
        schema = json.loads((out / f"{name}.schema.json").read_text("utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)
        found[name] = jsonschema.Draft202012Validator(schema)
    return found


def _sites() -> list[Path]:
    return [FIXTURES / "mini"] + ([REPO] if (REPO / "site.yaml").is_file() else [])


@pytest.mark.parametrize("site", _sites(), ids=lambda p: p.name)
def test_schemas_accept_real_files(validators, site: Path) -> None:
    validators["site"].validate(_data(site / "site.yaml"))
    for card in (site / "exhibitions").glob("*/exhibition.yaml"):
        validators["exhibition"].validate(_data(card))
    for items in (site / "exhibitions").glob("*/items.yaml"):
        validators["items"].validate(_data(items))


def test_schemas_reject_broken_files(validators) -> None:
    items = _data(FIXTURES / "mini/exhibitions/letters/items.yaml")
    assert isinstance(items, list)
    broken = [dict(items[0], images=[{"file": "images/a.jpg"}])]  # no alt
    with pytest.raises(jsonschema.ValidationError, match="'alt' is a required property"):
        validators["items"].validate(broken)
    with pytest.raises(jsonschema.ValidationError, match="does not match"):
        validators["items"].validate([dict(items[0], id="Letter 1")])
    site = _data(FIXTURES / "mini/site.yaml")
    assert isinstance(site, dict)
    with pytest.raises(jsonschema.ValidationError, match="languges"):
        validators["site"].validate(dict(site, languges=["kk"]))
    with pytest.raises(jsonschema.ValidationError):
        validators["exhibition"].validate({"summary": "no title"})
