"""YAML syntax errors in a curator's words, at the line and column that needs the fix.

The parser says what it expected (``expected <block end>, but found '<block mapping
start>'``); a curator needs what is wrong in the file: a tab, a line indented too far, a
missing colon, an unclosed quote. Both of PyYAML's parsers (libyaml's and its own) are
understood; anything else is passed on as the parser said it.
"""

from __future__ import annotations

import re

import yaml

from korme.l10n import Text, _

_NO_COLON = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][\w-]*)[ \t]+[\[{\"']")
# (words in the parser's message, the curator's words, whether the place is the start of
# what the parser was reading rather than where it stopped)
_KNOWN: tuple[tuple[tuple[str, ...], Text, bool], ...] = (
    (("tab character", "'\\t'"),
     _("a tab character: YAML lines are indented with spaces only"), False),
    (("could not find expected ':'",),
     _("a line without ':' where a 'key: value' line was expected (a missing colon, or a "
       "text that runs over several lines without quotes)"), True),
    (("mapping values are not allowed",),
     _("a ':' where none can be: put a text that holds ': ' in quotes "
       "(title: \"Kazakh: the language\"), or check that this line is not indented more "
       "than the lines before it"), False),
    (("unexpected end of stream", "while scanning a quoted"),
     _("a quote (\" or ') is opened here but never closed"), True),
    (("did not find expected '-' indicator", "but found '<block mapping start>'",
      "but found '?'"),
     _("bad indentation: this line is indented differently from the lines of the record "
       "above it (each record starts with '- ' at the margin, its fields two spaces in)"),
     False),
    (("did not find expected key", "but found '<block sequence start>'"),
     _("bad indentation: this list item is indented differently from the items before it "
       "(each starts with '- ' at the same column)"), False),
    (("expected ',' or '}'", "expected ',' or ']'"),
     _("a list or mapping in brackets is opened here but not closed (a missing '}}' or "
       "']', or a ',' between its parts)"), True),
    (("found undefined alias", "found character '*'"),
     _("'*' starts an alias in YAML: put a text starting with '*' in quotes"), False),
    (("found character '@'", "found character '`'"),
     _("'@' and '`' cannot start a value in YAML: put the text in quotes"), False),
)


def explain(exc: yaml.MarkedYAMLError, text: str = "") -> tuple[yaml.Mark | None, Text]:
    """Where to look and what is wrong, for a parser's error (``text``: what was parsed, to
    see the character the parser stopped at)."""
    said = f"{exc.problem or ''} {exc.context or ''}"
    mark = exc.problem_mark
    if mark is not None and text:
        lines = text.split("\n")
        line = lines[mark.line] if mark.line < len(lines) else ""
        if "\t" in line[:mark.column + 1]:
            said += " tab character"
    if mark is not None and text:
        run_together = _NO_COLON.match(text.split("\n")[mark.line] if mark.line <
                                       len(text.split("\n")) else "")
        if run_together:  # title {kk: …}: the key and its value without the colon between
            return yaml.Mark(mark.name, mark.index, mark.line, run_together.end(2), mark.buffer,
                             mark.pointer), _(
                "a missing colon: write '{key}: ' before the value", key=run_together[2])
    for needles, words, at_start in _KNOWN:
        if any(n in said for n in needles):
            mark = exc.context_mark if at_start and exc.context_mark else exc.problem_mark
            return mark, words
    problem = exc.problem or "invalid YAML"
    return exc.problem_mark or exc.context_mark, _("YAML syntax: {problem}", problem=problem)
