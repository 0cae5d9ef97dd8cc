"""A work without a name cited with its title once.

CSL styles put the title in the author's place when a work has no author, editor or
translator (``<substitute>``), and the CSL specification then suppresses the title where it
would come again. citeproc-py does not (citeproc-py issue #91), so an anonymous manuscript
came out as "«Хат». «Хат». 1925 ж. 12 мамыр" in Chicago and MLA and "Хат. (1925). Хат
[Хат]." in APA. Here the title's second appearance (in any case: styles title-case English
titles), with its quotation marks or italics and the full stop or comma after it, is taken out
of the engine's output; a bracketed description that followed it (APA's "[Map]") moves to the
first: "Хат [Хат]. (1925).", as APA 7 writes a work without an author.
"""

from __future__ import annotations

import html
import re
from typing import Any

# the names a style puts before the title, in the order styles look for them
SUBSTITUTED = ("author", "editor", "translator", "collection-editor", "editorial-director",
               "composer", "director", "illustrator")
_OPEN = r"(?:<i>|<b>|«|“|‘|\")?"
_CLOSE = r"(?:</i>|</b>|»|”|’|\")?"


def title_once(made: str, record: dict[str, Any]) -> str:
    """The engine's HTML for ``record`` (escaped as given to it) with a substituted title
    shown once (see the module)."""
    title = record.get("title")
    if not isinstance(title, str) or not title or any(record.get(k) for k in SUBSTITUTED):
        return made
    shown = html.escape(html.unescape(title), quote=False)
    # in any case: an English title is title-cased by the style ("Seal Impression of …")
    pattern = re.compile(_OPEN + re.escape(shown) + _CLOSE, re.IGNORECASE)
    found = list(pattern.finditer(made))
    if len(found) < 2:
        return made
    first, second = found[:2]
    if made[second.start() - 1:second.start()] not in (" ", "\u00a0"):
        return made  # not a title of its own (inside another text)
    rest = made[second.end():]
    bracket = re.match(r" (\[[^\]]*\])", rest)
    described = bracket.group(1) if bracket else ""
    rest = rest[bracket.end():] if bracket else rest
    gap = re.match(r"[.,]?(?: |\u00a0|$)", rest)
    if gap is None:
        return made
    head = made[:first.end()] + (" " + described if described else "")
    return head + made[first.end():second.start()] + rest[gap.end():]
