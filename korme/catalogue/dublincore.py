"""Dublin Core XML records (oai_dc, as OAI-PMH and many catalogues give them) as item fields.

| item field | Dublin Core |
| --- | --- |
| title, creator, subjects, description | dc:title, dc:creator, dc:subject, dc:description |
| date | dc:date read as EDTF (W3CDTF dates are EDTF), else date_display |
| language | dc:language (ISO 639-1, -2 or -3 codes) |
| identifier | the first dc:identifier that is not a web address |
| extent | dc:format (a media type such as image/jpeg is left out) |
| rights | dc:rights when it is a web address |
| type | dc:type when it is one of Kórme's types (manuscript, book, map…) |

A value's ``xml:lang`` gives its language; without one, the catalogue's language.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from korme.catalogue.common import Mapped, clean, lang_tag, text_to_edtf
from korme.dates import parse_date
from korme.i18n import is_lang_tag, pretty_tag
from korme.l10n import _
from korme.load.schema import KNOWN_TYPES

DC = "http://purl.org/dc/elements/1.1/"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MEDIA_TYPE = re.compile(r"^[a-z]+/[a-z0-9.+-]+$", re.I)


def dc_records(root: Any) -> list[Any]:
    """The ``oai_dc:dc`` elements of a document (or the root itself when it holds DC)."""
    found = list(root.iter(f"{{{OAI_DC}}}dc"))
    if not found and any(isinstance(c.tag, str) and c.tag.startswith(f"{{{DC}}}")
                         for c in root):
        found = [root]
    return found


def _values(element: Any, name: str, cat: str) -> list[tuple[str, str]]:
    out = []
    for e in element.iter(f"{{{DC}}}{name}"):
        text = " ".join("".join(e.itertext()).split()) if name != "description" else \
            "".join(e.itertext()).strip()
        if text:
            lang = e.get(XML_LANG)
            out.append((pretty_tag(lang) if lang and is_lang_tag(lang) else cat, text))
    return out


def map_dublin_core(element: Any, mapped: Mapped, catalogue_lang: str | None,
                    default_lang: str) -> Mapped:
    """The item fields of one Dublin Core record (problems in ``mapped.problems``)."""
    m, cat = mapped, catalogue_lang or default_lang
    title: dict[str, str] = {}
    for lang, text in _values(element, "title", cat):
        title.setdefault(lang, clean(text))
    if not title:
        m.problem("dc:title", _("no title (dc:title): every item needs one"))
    m.set("title", title, "dc:title")
    m.set("creator", [{lang: clean(t)} for lang, t in _values(element, "creator", cat)],
          "dc:creator")
    m.set("subjects", [{lang: clean(t)} for lang, t in _values(element, "subject", cat)],
          "dc:subject")
    description: dict[str, list[str]] = {}
    for lang, text in _values(element, "description", cat):
        description.setdefault(lang, []).append(text)
    m.set("description", {k: "\n\n".join(v) for k, v in description.items()},
          "dc:description")
    dates = [t for _, t in _values(element, "date", cat)]
    if dates:
        edtf = _edtf(dates[0])
        m.set("date", edtf, "dc:date")
        if edtf is None:
            m.set("date_display", {cat: dates[0]}, "dc:date")
    langs = []
    for _lang, code in _values(element, "language", cat):
        tagged = lang_tag(code) or (pretty_tag(code) if is_lang_tag(code) else None)
        if tagged is None:
            m.problem("dc:language", _("'{code}' is not a language code", code=code))
        elif tagged not in langs:
            langs.append(tagged)
    m.set("language", langs, "dc:language")
    identifier = next((t for _, t in _values(element, "identifier", cat)
                       if not t.startswith(("http://", "https://", "urn:", "info:"))), None)
    if identifier:
        m.set("identifier", identifier, "dc:identifier")
    else:
        m.problem("dc:identifier", _("no shelfmark (a dc:identifier that is not a web "
                                     "address): an item needs its identifier to be found "
                                     "again on the next import"))
    formats = [t for _, t in _values(element, "format", cat) if not MEDIA_TYPE.match(t)]
    m.set("extent", {cat: formats[0]} if formats else None, "dc:format")
    rights = [t for _, t in _values(element, "rights", cat) if t.startswith("http")]
    m.set("rights", rights[0] if rights else None, "dc:rights")
    types = [t.lower() for _, t in _values(element, "type", cat) if t.lower() in KNOWN_TYPES]
    m.set("type", types[0] if types else None, "dc:type")
    return m


def _edtf(text: str) -> str | None:
    try:
        parse_date(text)
        return text
    except ValueError:
        return text_to_edtf(text)


def parse_xml(data: bytes) -> Any:
    """An XML document parsed safely (no entities resolved, no network, no huge trees)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                             remove_comments=True)
    return etree.fromstring(data, parser)
