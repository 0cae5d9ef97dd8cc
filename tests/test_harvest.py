"""Harvestable output: the OAI-PMH static repository (validated against the OAI's schemas with
lxml, no network) and the IIIF collection of all exhibitions (parsed by iiif-prezi3)."""

from __future__ import annotations

import datetime
import json
import os
from pathlib import Path

import pytest
from lxml import etree

from korme.build import load_model
from korme.errors import Report
from korme.harvest.oai import oai_outputs, oai_problem
from korme.iiif.site_collection import collection_outputs
from korme.model import Site
from tests.conftest import copy_site

SCHEMAS = Path(__file__).parent / "schemas" / "oai"
DAY = datetime.date(2026, 6, 1)


class _Local(etree.Resolver):
    """Schema locations (http://www.openarchives.org/…, dublincore.org, w3.org) answered
    from tests/schemas/oai/; anything else is refused (no network in tests)."""

    def resolve(self, url, pubid, context):
        local = SCHEMAS / url.rsplit("/", 1)[-1]
        if local.is_file():
            return self.resolve_filename(str(local), context)
        raise AssertionError(f"the schemas ask for {url}, which is not kept in {SCHEMAS}")


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_Local())
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "harvest.xsd"), parser))


def _site(tmp_path: Path, extra: str) -> Site:
    folder = tmp_path / f"site{len(list(tmp_path.iterdir()))}"
    folder.mkdir()
    root = copy_site("mini", folder)
    with (root / "site.yaml").open("a", encoding="utf-8") as f:
        f.write(extra)
    report = Report()
    site = load_model(root, report)
    assert not report.errors, [str(d) for d in report.errors]
    return site


WITH_OAI = "base_url: https://example.org/vr/\noai:\n  admin_email: library@example.org\n"


def test_static_repository_validates_with_language_tagged_values(tmp_path: Path, schema) -> None:
    site = _site(tmp_path, WITH_OAI)
    outputs = oai_outputs(site, DAY)
    assert list(outputs) == ["oai/static-repository.xml"]
    doc = etree.fromstring(outputs["oai/static-repository.xml"])
    schema.assertValid(doc)
    ns = {"oai": "http://www.openarchives.org/OAI/2.0/", "dc": "http://purl.org/dc/elements/1.1/"}
    records = doc.findall(".//oai:record", ns)
    assert len(records) == sum(len(ex.items) for ex in site.exhibitions)
    letter = next(r for r in records if r.findtext(".//oai:identifier", namespaces=ns)
                  == "oai:example.org:letters/letter-1")
    titles = {t.get("{http://www.w3.org/XML/1998/namespace}lang"): t.text
              for t in letter.findall(".//dc:title", ns)}
    assert titles == {"kk": "Хат", "ru": "Письмо", "fa": "نامه"}
    descriptions = {d.get("{http://www.w3.org/XML/1998/namespace}lang"): d.text
                    for d in letter.findall(".//dc:description", ns)}
    assert descriptions["kk"] == "Қысқа сипаттама. Екінші хат."  # Markdown as plain text
    identifiers = [i.text for i in letter.findall(".//dc:identifier", ns)]
    assert identifiers == ["https://example.org/vr/kk/letters/items/letter-1/", "Р-1"]
    assert [t.text for t in letter.findall(".//dc:type", ns)] == ["letter", "Text"]
    assert [t.text for t in letter.findall(".//dc:language", ns)] == ["kk-Arab", "fa"]
    assert letter.findtext(".//oai:datestamp", namespaces=ns) == "2026-06-01"
    assert doc.findtext(".//oai:baseURL", namespaces=ns) == \
        "https://example.org/vr/oai/static-repository.xml"
    # the schema does catch a broken repository (this test can fail)
    email = doc.find(".//oai:adminEmail", ns)
    email.getparent().remove(email)
    assert not schema.validate(doc)


def test_static_repository_needs_base_url_and_an_email(tmp_path: Path) -> None:
    os.environ.setdefault("KORME_LANG", "en")
    assert oai_outputs(_site(tmp_path, "")) == {}
    site = _site(tmp_path, "base_url: https://example.org/vr/\n")
    assert oai_outputs(site) == {}
    assert "admin_email" in str(oai_problem(site))


def test_gateway_base_url(tmp_path: Path, schema) -> None:
    site = _site(tmp_path, WITH_OAI + "  gateway: https://gateway.example.net/oai/\n")
    doc = etree.fromstring(oai_outputs(site, DAY)["oai/static-repository.xml"])
    schema.assertValid(doc)
    assert doc.findtext(".//{http://www.openarchives.org/OAI/2.0/}baseURL") == \
        "https://gateway.example.net/oai/example.org/vr/oai/static-repository.xml"


def test_iiif_collection_of_all_exhibitions(tmp_path: Path) -> None:
    try:
        import iiif_prezi3
    except ImportError:
        if os.environ.get("CI") == "true":
            pytest.fail("iiif-prezi3 is missing (scripts/test installs it)", pytrace=False)
        pytest.skip("iiif-prezi3 is not installed")
    assert collection_outputs(_site(tmp_path, "")) == {}
    site = _site(tmp_path, "base_url: https://example.org/vr/\n")
    doc = json.loads(collection_outputs(site)["iiif/collection.json"])
    iiif_prezi3.Collection(**doc)
    assert doc["id"] == "https://example.org/vr/iiif/collection.json"
    assert doc["label"] == {"kk": ["Сынақ көрмелері"], "ru": ["Тестовые выставки"]}
    assert [c["id"] for c in doc["items"]] == [
        f"https://example.org/vr/iiif/{ex.slug}/collection.json" for ex in site.exhibitions]
    assert all(c["type"] == "Collection" for c in doc["items"])
