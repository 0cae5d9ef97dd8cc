"""The fast path for plain prose: paragraphs of words with footnotes.

Most descriptions are paragraphs of plain text, often with a footnote or two. For exactly that
shape this module writes the HTML that Python-Markdown writes, about ten times faster; any
other text (emphasis, links, lists, headings, HTML, entities, escapes…) returns ``None`` and
goes to Python-Markdown. Either way the HTML then goes through the sanitiser (nh3). The two
are compared on generated texts by the test suite.
"""

from __future__ import annotations

import re

_REF = re.compile(r"\[\^([A-Za-z0-9]+)\]")
_DEF = re.compile(r"\[\^([A-Za-z0-9]+)\]: (\S.*)")
# characters with a meaning somewhere in Markdown (or our extensions) send a text to the full
# converter ("[" only in footnote references), and so do lines that could start a block
_CHARS = re.compile(r"[\\`*_\[\]<>&{}|~#!\t\r\x00-\x08\x0b-\x1f\x7f]")
_START = re.compile(r"[^\w(«\"'„“‘]|\d+[.)]")  # a line starting otherwise may be a block


def _attr(value: str) -> str:
    """An attribute value escaped as Python-Markdown's serialiser escapes it."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") \
                .replace('"', "&quot;")


def _prose(line: str) -> bool:
    """Whether a line is plain prose (footnote references allowed)."""
    if line != line.strip() or _START.match(line):  # Markdown trims any whitespace
        return False
    return _CHARS.search(_REF.sub("", line)) is None


def plain_html(text: str, backlink_title: str) -> str | None:
    """Python-Markdown's HTML for a text of plain paragraphs and one-line footnotes, or
    ``None`` when the text is anything else."""
    blocks = [b for b in text.split("\n\n") if b.strip("\n")]
    if not blocks:
        return None
    defs: list[tuple[str, str]] = []
    if blocks[-1].lstrip("\n").startswith("[^"):
        for line in blocks.pop().strip("\n").split("\n"):
            m = _DEF.fullmatch(line)
            if m is None or not _prose(m[2]) or _REF.search(m[2]):
                return None
            defs.append((m[1], m[2]))
    paragraphs: list[str] = []
    refs: list[str] = []
    for block in blocks:
        lines = block.strip("\n").split("\n")
        for line in lines:
            if not line or not _prose(line):
                return None
            refs.extend(_REF.findall(line))
        paragraphs.append("\n".join(lines))
    if refs != [label for label, _ in defs] or len(set(refs)) != len(refs):
        return None  # each footnote defined once and used once, in that order
    numbers = {label: n for n, label in enumerate(refs, start=1)}

    def ref(m: re.Match[str]) -> str:
        label = m[1]
        return (f'<sup id="fnref:{label}"><a class="footnote-ref" href="#fn:{label}">'
                f"{numbers[label]}</a></sup>")

    html = "\n".join(f"<p>{_REF.sub(ref, p)}</p>" for p in paragraphs)
    if defs:
        title = _attr(backlink_title)
        items = "".join(f'<li id="fn:{label}">\n<p>{note}&#160;<a class="footnote-backref" '
                        f'href="#fnref:{label}" title="{title}">↩</a></p>\n</li>\n'
                        for label, note in defs)
        html += f'\n<div class="footnote">\n<hr>\n<ol>\n{items}</ol>\n</div>'
    return html
