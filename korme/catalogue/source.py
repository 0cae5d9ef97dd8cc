"""Reading a catalogue export: which format it is, and its records mapped to item fields.

ISO 2709 files (``.mrc``) are read with pymarc's ``MARCReader`` (UTF-8 when the whole file is
UTF-8, else as each record's leader says); XML files are MARCXML (read with pymarc) or Dublin
Core (``oai_dc``). Each MARC record is MARC 21 when it has a 245 field, UNIMARC when it has a
200 field.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree
from pymarc import MARCReader, Record, parse_xml_to_array

from korme.catalogue.common import Mapped
from korme.catalogue.dublincore import dc_records, map_dublin_core, parse_xml
from korme.catalogue.marc21 import map_marc21
from korme.catalogue.unimarc import map_unimarc
from korme.l10n import Text, _

MARC_NS = "http://www.loc.gov/MARC21/slim"


@dataclass
class Catalogue:
    """The records of one file, and problems with the file as a whole (line, message)."""

    kind: str  # "ISO 2709", "MARCXML" or "Dublin Core"
    records: list[Mapped] = field(default_factory=list)
    problems: list[tuple[int | None, Text]] = field(default_factory=list)


def _map_marc(record: Record, mapped: Mapped, lang: str | None, default: str) -> Mapped:
    if record.get_fields("245"):
        return map_marc21(record, mapped, lang, default)
    if record.get_fields("200"):
        return map_unimarc(record, mapped, lang, default)
    mapped.problem("245", _("no title: neither a 245 field (MARC 21) nor a 200 field "
                            "(UNIMARC)"))
    return mapped


def _iso2709(data: bytes, lang: str | None, default: str) -> Catalogue:
    out = Catalogue("ISO 2709")
    try:
        data.decode("utf-8")
        utf8 = True
    except UnicodeDecodeError:
        utf8 = False
    reader = MARCReader(data, to_unicode=True, force_utf8=utf8, permissive=True,
                        utf8_handling="replace")
    for number, record in enumerate(reader, start=1):
        mapped = Mapped(number)
        if record is None:
            mapped.problem("LDR", _("the record cannot be read: {problem}",
                                    problem=str(reader.current_exception)))
            out.records.append(mapped)
            continue
        out.records.append(_map_marc(record, mapped, lang, default))
    if not out.records:
        out.problems.append((None, _("no MARC records in this file")))
    return out


def _xml(data: bytes, lang: str | None, default: str) -> Catalogue:
    try:
        root = parse_xml(data)
    except etree.XMLSyntaxError as exc:
        return Catalogue("XML", problems=[(exc.lineno, _("not well-formed XML: {problem}",
                                                        problem=exc.msg))])
    marc = [e for e in root.iter() if isinstance(e.tag, str)
            and etree.QName(e).localname == "record" and etree.QName(e).namespace in
            (MARC_NS, None) and any(isinstance(c.tag, str) and etree.QName(c).localname
                                    in ("leader", "datafield") for c in e)]
    if marc:
        out = Catalogue("MARCXML")
        records = parse_xml_to_array(io.BytesIO(data), strict=False)
        lines = [e.sourceline for e in marc] if len(marc) == len(records) else []
        for number, record in enumerate(records, start=1):
            mapped = Mapped(number, lines[number - 1] if lines else None)
            out.records.append(_map_marc(record, mapped, lang, default))
        return out
    dc = dc_records(root)
    if dc:
        out = Catalogue("Dublin Core")
        for number, element in enumerate(dc, start=1):
            out.records.append(map_dublin_core(element, Mapped(number, element.sourceline),
                                               lang, default))
        return out
    return Catalogue("XML", problems=[(None, _(
        "neither MARCXML records nor Dublin Core (oai_dc) records in this file"))])


def read_catalogue(path: Path, lang: str | None, default: str) -> Catalogue:
    """The records of a catalogue export, mapped; ``lang`` is the catalogue's language as the
    curator gives it (else the records', else ``default``)."""
    data = path.read_bytes()
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    return _xml(data, lang, default) if head == b"<" else _iso2709(data, lang, default)
