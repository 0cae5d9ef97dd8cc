"""Append translations to Kórme's message catalogues: ``python dev/po_add.py FILE.json``.

FILE.json is a list of ``{"id": English, "kk": Kazakh, "ru": Russian}`` (and ``"en"`` when the
English shown differs from the id); messages already in a catalogue are left as they are.
(Babel's writer would reformat the whole file; appending keeps merges between branches simple.)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po

LOCALE = Path(__file__).resolve().parent.parent / "korme" / "locale"


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def main() -> None:
    entries = json.loads(Path(sys.argv[1]).read_text("utf-8"))
    for lang in ("en", "kk", "ru"):
        path = LOCALE / lang / "LC_MESSAGES" / "korme.po"
        with path.open("rb") as f:
            known = {m.id for m in read_po(f, locale=lang) if m.id}
        added = [e for e in entries if e["id"] not in known]
        with path.open("a", encoding="utf-8") as f:
            for e in added:
                shown = e.get("en", e["id"]) if lang == "en" else e[lang]
                f.write(f"\nmsgid {_quoted(e['id'])}\nmsgstr {_quoted(shown)}\n")
        print(f"{lang}: {len(added)} added")


if __name__ == "__main__":
    main()
