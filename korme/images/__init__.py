"""The image stage: plan derivative names and sizes, make pixels in a pool, publish into the site.

Public API (used by :mod:`korme.build`):

- :func:`plan_images` reads headers only and returns an :class:`ImagePlan`.
- :func:`make_images` makes every missing derivative in the cache (a local process pool, or a
  Dask cluster with a shared cache: :mod:`korme.images.cluster`, :mod:`korme.images.shared`).
- :func:`publish_media` links the planned derivatives from the cache into the staging folder.
"""

from korme.images.make import make_images, publish_media
from korme.images.model import (
    Derivative,
    ImagePlan,
    ImageRequest,
    ImageResults,
    ImageUse,
    PlannedImage,
)
from korme.images.plan import plan_images
from korme.images.settings import ImageSettings

__all__ = [
    "Derivative",
    "ImagePlan",
    "ImageRequest",
    "ImageResults",
    "ImageSettings",
    "ImageUse",
    "PlannedImage",
    "make_images",
    "plan_images",
    "publish_media",
]
