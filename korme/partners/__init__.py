"""Partners' images and items in the build: ``iiif:`` on an image, ``manifest:`` on an item.

The documents are read by :mod:`korme.remote` (bounded fetching, the cache in
``.korme-cache/remote``); this package puts them into the build:

- :mod:`korme.partner_keys`: the key of a partner's image in the image plan (``iiif:URL``);
- :mod:`~korme.partners.stage`: before validation, every remote document the content names is
  read (from the cache, else fetched), items with a ``manifest:`` get its canvases as images and
  the fields they do not give; the partner's image of each ``iiif:`` is kept for the plan;
- :mod:`~korme.partners.plan`: a partner's image in the plan, its sizes from the partner's
  service (``--offline``: the sizes shown, downloaded into the cache);
- :mod:`~korme.partners.views`: what pages, the viewer and our manifests use of it (the
  partner's tiles, its service), and the origins the pages' policy allows;
- :mod:`~korme.partners.regions`: a region of a partner's image (its region URL, or a crop made
  at build time from a size a level-0 service serves).
"""
