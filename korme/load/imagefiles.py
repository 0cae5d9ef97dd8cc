"""Image paths given in the site's files, checked against the site folder: relative, inside the
site (links resolved), and present."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from korme.l10n import Text, _


class ImageFiles:
    """Checks image paths during one build; each folder's real path is looked up once, so a
    path that is not a link costs one ``lstat``."""

    def __init__(self, root: Path):
        self.folders: dict[str, str] = {}  # folder → its real path
        self.inside = os.path.join(os.path.realpath(root), "")  # with a trailing separator

    def check(self, base: Path, file: str) -> tuple[str | None, Text | None]:
        """The site-relative path of the image ``file`` given in ``base``, or what is wrong."""
        if file.startswith("/") or os.path.isabs(file) or "\\" in file:
            return None, _("'{file}' must be a relative path such as images/ms-0142/f001r.jpg",
                           file=file)
        target, is_file = self.real_file(os.path.join(base, file))
        if not (target + os.sep).startswith(self.inside):
            return None, _("'{file}' points outside the site folder", file=file)
        if not is_file:
            return None, _("image file '{file}' not found", file=file)
        return target[len(self.inside):].replace(os.sep, "/"), None

    def real_file(self, path: str) -> tuple[str, bool]:
        """``os.path.realpath(path)`` and whether it is a file."""
        folder, name = os.path.split(path)
        try:
            mode = os.lstat(path).st_mode
        except (OSError, ValueError):
            mode = 0
        if name in ("", ".", "..") or stat.S_ISLNK(mode):
            real = os.path.realpath(path)
            return real, os.path.isfile(real)
        real = self.folders.get(folder)
        if real is None:
            real = self.folders[folder] = os.path.realpath(folder)
        return os.path.join(real, name), stat.S_ISREG(mode)
