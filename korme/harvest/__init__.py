"""Output for harvesters: the OAI-PMH static repository (:mod:`~korme.harvest.oai`) and the
IIIF collection of all exhibitions (:mod:`korme.iiif.site_collection`).

Each is a function of the site model giving ``{site path: bytes}``, for the build's outputs.
"""
