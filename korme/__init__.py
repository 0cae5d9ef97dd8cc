"""Kórme: a static site generator for bilingual virtual exhibitions."""

__version__ = "0.1.0"
