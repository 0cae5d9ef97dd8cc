"""Cite and re-use: citations (ГОСТ Р 7.0.100-2018, Chicago, APA, MLA) made with citeproc-py
from one CSL-JSON record per item, BibTeX/RIS/CSL-JSON exports, Highwire ``citation_*`` tags,
and the re-use decisions (rights in plain words, credit line, downloads) as plain data.

The public functions are re-exported here; the render core calls them and templates show the
results. Nothing here imports :mod:`korme.render`.
"""

from __future__ import annotations

from korme.cite.export import bibtex, csl_json, ris
from korme.cite.highwire import highwire_tags
from korme.cite.record import csl_record
from korme.cite.render import RenderedCitation, cite
from korme.cite.reuse import Downloads, credit_line, downloads
from korme.cite.styles import StyleInfo, available_styles, default_style

__all__ = [
    "Downloads", "RenderedCitation", "StyleInfo", "available_styles", "bibtex", "cite",
    "credit_line", "csl_json", "csl_record", "default_style", "downloads", "highwire_tags",
    "ris",
]
