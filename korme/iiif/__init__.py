"""Deep zoom and IIIF: tile pyramids (Image API 3.0 level 0), manifests and collections
(Presentation API 3.0), and the data of the item page's viewer.

- :mod:`korme.iiif.info`: a tile pyramid's ``info.json`` (its geometry: :mod:`korme.images.tiles`).
- :mod:`korme.iiif.stage`: which images get tiles; cutting them in the image pool.
- :mod:`korme.iiif.manifest`: manifests, collections and ``info.json`` files.
- :mod:`korme.iiif.viewer`: what the item page embeds for the viewer.
"""
