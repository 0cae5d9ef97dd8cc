"""The key of a partner's image in the image plan and the pages (its ``iiif:`` value)."""

from __future__ import annotations

PREFIX = "iiif:"


def partner_rel(iiif: str) -> str:
    """The plan's key of the image an ``iiif:`` value names (local images: their path)."""
    return PREFIX + iiif


def is_partner(rel: str) -> bool:
    """Whether a plan key names a partner's image (local paths never start with ``iiif:``)."""
    return rel.startswith(PREFIX)
