"""Measuring derivatives: SSIM against a Lanczos reference made from the full-size source."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageOps
from skimage.metrics import structural_similarity


def reference(source: Path, size: tuple[int, int]) -> np.ndarray:
    """The source decoded at full size, upright, resized once with Lanczos (the ideal)."""
    with Image.open(source) as im:
        upright = ImageOps.exif_transpose(im).convert("RGB")
    return np.asarray(upright.resize(size, Image.Resampling.LANCZOS))


def ssim(reference_pixels: np.ndarray, derivative: Path | Image.Image) -> float:
    """SSIM (RGB, per-channel mean) of a derivative against the reference pixels."""
    im = Image.open(derivative) if isinstance(derivative, Path) else derivative
    pixels = np.asarray(im.convert("RGB"))
    return float(structural_similarity(reference_pixels, pixels, channel_axis=2, data_range=255))
