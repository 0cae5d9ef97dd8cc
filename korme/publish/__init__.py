"""Publishing a built site (``korme publish``) and the web server configuration of every build.

- :mod:`.policy`: content types, cache classes and security headers of every file we write;
- :mod:`.serverconf`: nginx snippet, Apache ``.htaccess``, ``_headers`` and ``_redirects``;
- :mod:`.config`: the ``publish:`` targets of site.yaml (or a target given as a URL);
- :mod:`.built`: the built output folder, refused when older than its sources;
- :mod:`.ssh`, :mod:`.gitbranch`, :mod:`.s3`: the three kinds of target;
- :mod:`.command`: the command line.
"""

from __future__ import annotations


class PublishError(Exception):
    """Publishing stopped; the message says why. Nothing on the target was switched."""
