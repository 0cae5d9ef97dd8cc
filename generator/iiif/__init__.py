"""Deep zoom and IIIF: tile pyramids (Image API 3.0 level 0), manifests and collections
(Presentation API 3.0), and the data of the item page's viewer.

- :mod:`generator.iiif.tiles`: tile geometry and ``info.json`` (pure functions).
- :mod:`generator.iiif.stage`: which images get tiles; cutting them in the image pool.
- :mod:`generator.iiif.manifest`: manifests, collections and ``info.json`` files.
- :mod:`generator.iiif.viewer`: what the item page embeds for the viewer.
"""
