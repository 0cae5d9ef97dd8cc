"""korme import of library catalogue exports: MARC 21 (with 880), UNIMARC, MARCXML, oai_dc.

The MARC fixtures are written here with pymarc, as a library system would export them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pymarc import Field, Indicators, Record, Subfield, record_to_xml

from korme.errors import Report
from korme.load.schema import ItemRecord
from korme.load.site import load_items
from tests.conftest import run

ITEMS = "exhibitions/letters/items.yaml"


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KORME_LANG", "en")


def _records(site: Path) -> dict[str, ItemRecord]:
    report = Report()
    items, _ = load_items(site / ITEMS, site, report)
    assert not report.errors, [str(d) for d in report.errors]
    return {it.record.id: it.record for it in items}


def _field(tag: str, *subfields: str, ind: str = "  ") -> Field:
    pairs = [Subfield(s[0], s[1:]) for s in subfields]
    return Field(tag=tag, indicators=Indicators(ind[0], ind[1]), subfields=pairs)


def _record(leader: str, *fields: Field) -> Record:
    record = Record(force_utf8=True, leader=leader)
    for f in fields:
        record.add_field(f)
    return record


def shahnama_marc21() -> Record:
    """A Persian manuscript catalogued in Russian, with its title and author in Arabic script
    in 880 fields."""
    return _record(
        "     ntm a22     7a 4500",
        Field(tag="001", data="ms000142"),
        Field(tag="008", data="240101s159u    ir            000 0 per d"),
        _field("040", "aKZ-AlNL", "brus", "erda"),
        _field("041", "aper"),
        _field("100", "6880-02", "aФирдоуси, Абулькасим,", "d940-1020.", ind="1 "),
        _field("245", "6880-01", "aШахнаме /", "cФирдоуси.", ind="10"),
        _field("260", "a[Бухара],", "c[159-?]"),
        _field("300", "a312 л. :", "bил. ;", "c31 × 21 см"),
        _field("500", "aСписок конца XVI в., насталик."),
        _field("650", "aПерсидская поэзия", "yXVI в.", ind=" 7"),
        _field("852", "aNLRK", "hР-142"),
        _field("880", "6245-01/(3/r", "aشاهنامه", ind="10"),
        _field("880", "6100-02/(3/r", "aفردوسی", ind="1 "),
    )


def abai_marc21() -> Record:
    """A printed book catalogued in English (no 040 $b): texts go under ``en``."""
    return _record(
        "     nam a22     7a 4500",
        Field(tag="008", data="240101s1909    ru            000 0 kaz d"),
        _field("100", "aAbai,", "d1845-1904.", ind="0 "),
        _field("245", "aPoems /", "cAbai.", ind="10"),
        _field("264", "c1909.", ind=" 1"),
        _field("090", "aБ-7"),
    )


def shahnama_unimarc() -> Record:
    """A RUSMARC record: the title repeated in Arabic script ($7 fa, linked by $6)."""
    coded = "20240101d1590    k  y0rusy50      ca"
    return _record(
        "     nbm0 22        450 ",
        Field(tag="001", data="RU-1001"),
        _field("100", f"a{coded}"),
        _field("101", "aper", ind="0 "),
        _field("200", "6a01", "7ca", "aШахнаме", "eпоэма", ind="1 "),
        _field("200", "6a01", "7fa", "aشاهنامه", ind="1 "),
        _field("210", "aБухара", "d1590"),
        _field("215", "a312 л.", "d31 см"),
        _field("300", "aРукопись на бумаге."),
        _field("606", "aПоэзия", "xПерсидская", ind="1 "),
        _field("700", "aФирдоуси", "bА.", ind=" 1"),
        _field("899", "aНБ РК", "jР-1001"),
    )


def _check_shahnama(record: ItemRecord) -> None:
    assert record.title.texts == (("ru", "Шахнаме"), ("fa", "شاهنامه"))
    assert [c.texts for c in record.creator] == [(("ru", "Фирдоуси, Абулькасим"),
                                                  ("fa", "فردوسی"))]
    assert record.date == "159X" and record.language == ["fa"]
    assert record.identifier == "Р-142" and record.type == "manuscript"
    assert record.extent is not None and record.extent.get("ru") == "312 л. : ил."
    assert record.dimensions is not None and record.dimensions.get("ru") == "31 × 21 см"
    assert [s.get("ru") for s in record.subjects] == ["Персидская поэзия — XVI в."]
    assert record.description is not None and \
        record.description.get("ru") == "Список конца XVI в., насталик."


def test_marc21_iso2709_with_880_fields(site_copy, tmp_path: Path, capsys) -> None:
    site = site_copy("mini")
    mrc = tmp_path / "export.mrc"
    mrc.write_bytes(shahnama_marc21().as_marc() + abai_marc21().as_marc())
    assert run("import", mrc, "--exhibition", "letters", "--site", site) == 0
    assert "0 updated, 2 added" in capsys.readouterr().out
    records = _records(site)
    _check_shahnama(records["r-142"])
    abai = records["b-7"]
    assert abai.title.texts == (("en", "Poems"),) and abai.date == "1909"
    assert abai.language == ["kk"] and abai.creator[0].get("en") == "Abai"
    # the same file again: nothing changes; a curator's translation survives a re-import
    path = site / ITEMS
    text = path.read_text("utf-8")
    assert '{ru: "Шахнаме", fa: "شاهنامه"}' in text
    path.write_text(text.replace('ru: "Шахнаме"', 'kk: "Шаһнама", ru: "Шахнаме"'), "utf-8")
    assert run("import", mrc, "--exhibition", "letters", "--site", site) == 0
    assert "nothing to change" in capsys.readouterr().out
    assert _records(site)["r-142"].title.get("kk") == "Шаһнама"
    assert len(_records(site)) == len(records)


def test_marcxml_gives_the_same_items(site_copy, tmp_path: Path, capsys) -> None:
    site = site_copy("mini")
    xml = tmp_path / "export.xml"
    body = b"".join(record_to_xml(r, namespace=True) for r in (shahnama_marc21(),))
    xml.write_bytes(b'<?xml version="1.0" encoding="UTF-8"?>\n'
                    b'<collection xmlns="http://www.loc.gov/MARC21/slim">\n' + body +
                    b"\n</collection>\n")
    assert run("import", xml, "--exhibition", "letters", "--site", site) == 0
    _check_shahnama(_records(site)["r-142"])


def test_unimarc_record_with_a_parallel_script_field(site_copy, tmp_path: Path) -> None:
    site = site_copy("mini")
    mrc = tmp_path / "rusmarc.iso"
    mrc.write_bytes(shahnama_unimarc().as_marc())
    assert run("import", mrc, "--exhibition", "letters", "--site", site) == 0
    record = _records(site)["r-1001"]
    assert record.title.texts == (("ru", "Шахнаме: поэма"), ("fa", "شاهنامه"))
    assert record.creator[0].get("ru") == "Фирдоуси, А."
    assert record.date == "1590" and record.language == ["fa"]
    assert record.identifier == "Р-1001" and record.type == "manuscript"
    assert record.extent is not None and record.extent.get("ru") == "312 л."
    assert record.dimensions is not None and record.dimensions.get("ru") == "31 см"
    assert [s.get("ru") for s in record.subjects] == ["Поэзия — Персидская"]
    assert record.description is not None and \
        record.description.get("ru") == "Рукопись на бумаге."


def test_dublin_core_records(site_copy, tmp_path: Path) -> None:
    site = site_copy("mini")
    xml = tmp_path / "oai.xml"
    xml.write_text("""<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListRecords><record><metadata>
<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/"
           xmlns:dc="http://purl.org/dc/elements/1.1/">
  <dc:title xml:lang="kk">Өлеңдер</dc:title>
  <dc:title xml:lang="ru">Стихи</dc:title>
  <dc:creator xml:lang="ru">Абай</dc:creator>
  <dc:date>около 1890 г.</dc:date>
  <dc:language>kaz</dc:language>
  <dc:identifier>https://catalogue.example/rec/55</dc:identifier>
  <dc:identifier>Р-55</dc:identifier>
  <dc:format>image/jpeg</dc:format>
  <dc:type>manuscript</dc:type>
  <dc:rights>http://rightsstatements.org/vocab/NoC-NC/1.0/</dc:rights>
</oai_dc:dc></metadata></record></ListRecords></OAI-PMH>
""", "utf-8")
    assert run("import", xml, "--exhibition", "letters", "--site", site, "--language",
               "ru") == 0
    record = _records(site)["r-55"]
    assert record.title.texts == (("kk", "Өлеңдер"), ("ru", "Стихи"))
    assert record.date == "1890~" and record.language == ["kk"] and record.type == "manuscript"
    assert record.identifier == "Р-55" and record.extent is None
    assert record.rights == "http://rightsstatements.org/vocab/NoC-NC/1.0/"


def test_records_that_cannot_be_mapped_are_named_and_nothing_is_written(
        site_copy, tmp_path: Path, capsys) -> None:
    site = site_copy("mini")
    before = (site / ITEMS).read_bytes()
    bad_language = abai_marc21()
    bad_language.add_field(_field("041", "ax1y"))
    no_title = _record("     nam a22     7a 4500", _field("090", "aБ-8"),
                       _field("100", "aSomeone", ind="0 "))
    no_shelfmark = _record("     nam a22     7a 4500", _field("245", "aUntitled", ind="00"))
    mrc = tmp_path / "bad.mrc"
    mrc.write_bytes(shahnama_marc21().as_marc() + bad_language.as_marc() +
                    no_title.as_marc() + no_shelfmark.as_marc() + b"garbage\x1d")
    assert run("import", mrc, "--exhibition", "letters", "--site", site) == 1
    err = capsys.readouterr().err.splitlines()
    assert f"{mrc}: record 2, field 041: 'x1y' is not a language code" in err
    assert f"{mrc}: record 3, field 245: no title: neither a 245 field (MARC 21) nor a 200 " \
           "field (UNIMARC)" in err
    assert f"{mrc}: record 4, field 852: no shelfmark (852 $h/$j, or 090 $a): an item needs " \
           "its identifier to be found again on the next import" in err
    assert any(line.startswith(f"{mrc}: record 5, field LDR: the record cannot be read")
               for line in err)
    assert err[-1].startswith(f"import stopped: 4 error(s); {site / ITEMS} is unchanged")
    assert (site / ITEMS).read_bytes() == before
