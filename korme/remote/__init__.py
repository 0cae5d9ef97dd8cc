"""Partners' documents read over the network, carefully, and kept for the next build.

- :mod:`~korme.remote.fetch`: one bounded HTTP(S) request (time, size, redirects; nothing of
  ours sent: no credentials, no cookies);
- :mod:`~korme.remote.cache`: the documents kept in ``.korme-cache/remote/``;
- :mod:`~korme.remote.documents`: fetch once, read from the cache after, ``refresh`` mode,
  problems as diagnostics at the place that names the URL;
- :mod:`~korme.remote.text`: remote texts and IIIF language maps, sanitised;
- :mod:`~korme.remote.image_service`, :mod:`~korme.remote.manifest`: IIIF Image API 2/3
  ``info.json`` and Presentation 2/3 manifests as plain frozen data;
- :mod:`~korme.remote.iiif`: what the build asks for (an image service, a manifest, a canvas).
"""
