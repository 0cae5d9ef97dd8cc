"""An OAI-PMH static repository of the site's items: ``oai/static-repository.xml``.

A static repository is one XML file that union catalogues and aggregators harvest through a
static repository gateway (see the OAI's "Specification for an OAI Static Repository"). It
holds one ``oai_dc`` record per item, every text with its language (``xml:lang``): titles,
creators, subjects, descriptions (as plain text), dates (the EDTF date and the human wording),
types (Kórme's and the DCMI type), extent and dimensions, languages, the item page's address
and the shelfmark, the holding institution, the rights and the item's IIIF manifest.

It needs the site's ``base_url`` (identifiers are absolute) and an administrator's e-mail in
site.yaml::

    oai:
      admin_email: library@example.org      # one address or a list
      gateway: https://gateway.example.org/oai/   # optional: the gateway that serves it

Without them :func:`oai_outputs` makes nothing and :func:`oai_problem` says why.
"""

from __future__ import annotations

import datetime
import html
import os
import re
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import nh3

from korme import urls
from korme.i18n import LangText, pretty_tag
from korme.iiif.stage import manifest_path
from korme.l10n import Text, _
from korme.markdown.render import MarkdownEngine, Renderer
from korme.model import Exhibition, Item, Site

PATH = "oai/static-repository.xml"
SR = "http://www.openarchives.org/OAI/2.0/static-repository"
OAI = "http://www.openarchives.org/OAI/2.0/"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
DCMI_TYPES = {"manuscript": "Text", "book": "Text", "document": "Text", "letter": "Text",
              "photograph": "StillImage", "map": "StillImage", "artwork": "StillImage",
              "object": "PhysicalObject"}
EMAIL = re.compile(r"^\S+@(\S+\.)+\S+$")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # not allowed in XML 1.0


def build_day() -> datetime.date:
    """The build's date: from ``SOURCE_DATE_EPOCH`` when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date()
    return datetime.datetime.now(datetime.UTC).date()


def _settings(site: Site) -> dict[str, Any]:
    value = site.config.oai
    return value if isinstance(value, dict) else {}


def _emails(site: Site) -> list[str]:
    value = _settings(site).get("admin_email")
    values = value if isinstance(value, list) else [value] if value else []
    return [str(v) for v in values if EMAIL.match(str(v))]


def oai_problem(site: Site) -> Text | None:
    """Why the site has no static repository (None: it has one)."""
    if not site.config.base_url:
        return _("no OAI-PMH static repository: set base_url in site.yaml")
    if not _emails(site):
        return _("no OAI-PMH static repository: give an administrator's e-mail in site.yaml "
                 "(oai: admin_email: …)")
    if not any(ex.items for ex in site.exhibitions):
        return _("no OAI-PMH static repository: the site has no items")
    return None


def _el(name: str, text: str, lang: str | None = None) -> str:
    attr = f" xml:lang={quoteattr(pretty_tag(lang))}" if lang else ""
    return f"<{name}{attr}>{escape(CONTROL.sub('', text))}</{name}>"


def _texts(name: str, value: LangText | str | None) -> list[str]:
    """One element per language of a value (a plain value: one without a language)."""
    if value is None:
        return []
    if isinstance(value, str):
        return [_el(name, value)] if value.strip() else []
    if value.plain is not None:
        return [_el(name, value.plain)] if value.plain.strip() else []
    return [_el(name, text, lang) for lang, text in value.texts if text.strip()]


class _Plain:
    """Markdown as plain text (descriptions): rendered, then stripped of every tag."""

    def __init__(self) -> None:
        self.renderer = Renderer(figure=lambda _d: "", link=lambda _k, _t: "",
                                 engine=MarkdownEngine())

    def __call__(self, value: LangText | None) -> LangText | None:
        if value is None:
            return None
        def text(markdown: str) -> str:
            html_text = nh3.clean(self.renderer.html(markdown), tags=set())
            return html.unescape(re.sub(r"\n{3,}", "\n\n", html_text)).strip()
        if value.plain is not None:
            return LangText(text(value.plain), ())
        return LangText(None, tuple((k, text(v)) for k, v in value.texts))


def _record(site: Site, ex: Exhibition, item: Item, host: str, day: str, plain: _Plain
            ) -> str:
    base = site.config.base_url or ""
    rec = item.record
    dc: list[str] = []
    dc += _texts("dc:title", rec.title)
    for creator in rec.creator:
        dc += _texts("dc:creator", creator)
    for subject in rec.subjects:
        dc += _texts("dc:subject", subject)
    dc += _texts("dc:description", plain(rec.description))
    if item.institution is not None:
        dc += _texts("dc:publisher", item.institution.name)
    dc += _texts("dc:date", rec.date)
    dc += _texts("dc:date", rec.date_display)
    if rec.type:
        dc += _texts("dc:type", rec.type)
        dc += _texts("dc:type", DCMI_TYPES.get(rec.type))
    dc += _texts("dc:format", rec.extent)
    dc += _texts("dc:format", rec.dimensions)
    dc += [_el("dc:identifier", base + urls.item(site.default.code, ex.slug, item.id))]
    dc += _texts("dc:identifier", rec.identifier)
    dc += [_el("dc:language", pretty_tag(code)) for code in rec.language]
    if item.images:
        dc += [_el("dc:relation", base + manifest_path(ex.slug, item.id))]
    dc += _texts("dc:rights", rec.rights)
    body = "\n".join(f"          {line}" for line in dc)
    return f"""    <oai:record>
      <oai:header>
        <oai:identifier>{escape(f"oai:{host}:{ex.slug}/{item.id}")}</oai:identifier>
        <oai:datestamp>{day}</oai:datestamp>
      </oai:header>
      <oai:metadata>
        <oai_dc:dc xmlns:oai_dc="{OAI_DC}" xmlns:dc="{DC}"
            xsi:schemaLocation="{OAI_DC} http://www.openarchives.org/OAI/2.0/oai_dc.xsd">
{body}
        </oai_dc:dc>
      </oai:metadata>
    </oai:record>
"""


def static_repository(site: Site, day: datetime.date | None = None) -> bytes:
    """The static repository's XML (the site must have ``base_url`` and an admin e-mail)."""
    base = site.config.base_url or ""
    host = re.sub(r"^https?://", "", base).split("/", 1)[0].split(":", 1)[0]
    own_url = base + PATH
    gateway = str(_settings(site).get("gateway") or "")
    base_url = gateway.rstrip("/") + "/" + re.sub(r"^https?://", "", own_url) if gateway \
        else own_url
    stamp = (day or build_day()).isoformat()
    name = site.config.title.pick(site.default.code, site.codes)
    plain = _Plain()
    records = "".join(_record(site, ex, it, host, stamp, plain)
                      for ex in site.exhibitions for it in ex.items)
    emails = "\n".join(f"    <oai:adminEmail>{escape(e)}</oai:adminEmail>"
                       for e in _emails(site))
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Repository xmlns="{SR}" xmlns:oai="{OAI}" xmlns:xsi="{XSI}"
    xsi:schemaLocation="{SR} http://www.openarchives.org/OAI/2.0/static-repository.xsd">
  <Identify>
    <oai:repositoryName>{escape(name)}</oai:repositoryName>
    <oai:baseURL>{escape(base_url)}</oai:baseURL>
    <oai:protocolVersion>2.0</oai:protocolVersion>
{emails}
    <oai:earliestDatestamp>{stamp}</oai:earliestDatestamp>
    <oai:deletedRecord>no</oai:deletedRecord>
    <oai:granularity>YYYY-MM-DD</oai:granularity>
  </Identify>
  <ListMetadataFormats>
    <oai:metadataFormat>
      <oai:metadataPrefix>oai_dc</oai:metadataPrefix>
      <oai:schema>http://www.openarchives.org/OAI/2.0/oai_dc.xsd</oai:schema>
      <oai:metadataNamespace>{OAI_DC}</oai:metadataNamespace>
    </oai:metadataFormat>
  </ListMetadataFormats>
  <ListRecords metadataPrefix="oai_dc">
{records}  </ListRecords>
</Repository>
""".encode()


def oai_outputs(site: Site, day: datetime.date | None = None) -> dict[str, bytes]:
    """``{"oai/static-repository.xml": bytes}``, or nothing (see :func:`oai_problem`)."""
    if oai_problem(site) is not None:
        return {}
    return {PATH: static_repository(site, day)}
