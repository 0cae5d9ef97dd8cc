"""The harvesters' files a build writes: the OAI-PMH static repository and the IIIF
collection of all exhibitions (each needs ``base_url``; the repository an e-mail too)."""

from __future__ import annotations

from korme.harvest.oai import oai_outputs
from korme.iiif.site_collection import collection_outputs
from korme.model import Site


def harvest_files(site: Site) -> dict[str, str]:
    """``{site path: text}`` of ``oai/static-repository.xml`` and ``iiif/collection.json``."""
    files = {**oai_outputs(site), **collection_outputs(site)}
    return {name: data.decode("utf-8") for name, data in files.items()}
