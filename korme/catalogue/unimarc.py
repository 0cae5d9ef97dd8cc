"""UNIMARC (and RUSMARC) bibliographic records as item fields.

| item field | UNIMARC |
| --- | --- |
| title | 200 $a $e; parallel titles 200 $d in the language of their $z |
| creator | 700, 701, 710, 711 $a, $b ("Фирдоуси, Абулькасим") |
| date | 100 $a/8-16 (date type, dates), else 210/214 $d read as EDTF; else date_display |
| language | 101 $a |
| identifier | 899 $j (the shelfmark), else 899 $x |
| extent, dimensions | 215 $a $c, 215 $d |
| subjects | 600-608 $a (+ $b) with $j $x $y $z subdivisions |
| description | 3XX notes, one paragraph each |
| type | leader/06: b manuscript, a book, e/f map |

Texts are in the catalogue's language (100 $a/22-24, unless the curator says otherwise). A
field repeated in another script (its $7 names the script, $6 links it to its field) gives the
same value in the original language: a Persian title in Arabic script becomes
``title: {fa: …}``.
"""

from __future__ import annotations

from collections.abc import Callable

from pymarc import Field, Record

from korme.catalogue.common import (
    Mapped,
    clean,
    coded_date,
    joined,
    lang_tag,
    original_key,
    script_of,
    split_codes,
    text_to_edtf,
)
from korme.l10n import _

SCRIPTS = {"ba": "Latn", "ca": "Cyrl", "da": "Jpan", "ea": "Hani", "fa": "Arab", "ga": "Grek",
           "ha": "Hebr", "ia": "Thai", "ja": "Deva", "ka": "Kore", "la": "Taml", "ma": "Geor",
           "mb": "Armn"}
TYPES = {"b": "manuscript", "a": "book", "e": "map", "f": "map"}
CREATORS = ("700", "701", "710", "711")
SUBJECTS = ("600", "601", "602", "604", "605", "606", "607", "608")


def _texts(field: Field, codes: str, sep: str = " ") -> str:
    return joined([sf.value for sf in field.subfields if sf.code in codes], sep)


def _script(field: Field) -> str | None:
    code = (field.get_subfields("7") or [""])[0][:2]
    return SCRIPTS.get(code)


class Unimarc:
    """Maps one UNIMARC record (see the module)."""

    def __init__(self, record: Record, mapped: Mapped, catalogue_lang: str | None,
                 default_lang: str):
        self.r, self.m = record, mapped
        general = next((f for f in record.get_fields("100") if f.get_subfields("a")), None)
        self.coded = general.get_subfields("a")[0] if general else ""
        coded_lang = lang_tag(self.coded[22:25]) if len(self.coded) >= 25 else None
        self.cat = catalogue_lang or coded_lang or default_lang
        self.main_script = script_of(self.cat)
        self.langs: list[str] = []

    def groups(self, *tags: str) -> list[tuple[Field, list[Field]]]:
        """Fields in the catalogue's script, each with the fields that give it in another
        script (linked by $6; an unlinked one follows the field before it)."""
        out: list[tuple[Field, list[Field]]] = []
        for f in self.r.get_fields(*tags):
            script = _script(f)
            if script is None or script == self.main_script or not out:
                out.append((f, []))
                continue
            link = (f.get_subfields("6") or [""])[0]
            target = next((g for g in out if link and (g[0].get_subfields("6") or [""])[0]
                           == link and g[0].tag == f.tag), out[-1])
            target[1].append(f)
        return out

    def value(self, main: Field, alts: list[Field], text_of: Callable[[Field], str]
              ) -> dict[str, str]:
        """``{catalogue language: text}`` and the same in the other scripts' fields."""
        out: dict[str, str] = {}
        for f in (main, *alts):
            text, script = text_of(f), _script(f)
            if not text:
                continue
            key = self.cat if script in (None, self.main_script) else \
                original_key(self.langs, self.cat, script)
            out.setdefault(key, text)
        return out

    def run(self) -> Mapped:
        self.language()
        self.title()
        creators = [v for f, alts in self.groups(*CREATORS)
                    if (v := self.value(f, alts, _name))]
        self.m.set("creator", creators, "700")
        self.date()
        shelfmark = next((t for f in self.r.get_fields("899") for c in "jx"
                          if (t := _texts(f, c))), "")
        if shelfmark:
            self.m.set("identifier", shelfmark, "899")
        else:
            self.m.problem("899", _("no shelfmark (899 $j): an item needs its identifier to "
                                    "be found again on the next import"))
        for f in self.r.get_fields("215")[:1]:
            extent, dims = _texts(f, "ac", " : "), _texts(f, "d")
            self.m.set("extent", {self.cat: extent} if extent else None, "215")
            self.m.set("dimensions", {self.cat: dims} if dims else None, "215")
        subjects = [v for f, alts in self.groups(*SUBJECTS)
                    if (v := self.value(f, alts, _subject))]
        self.m.set("subjects", subjects, "606")
        self.notes()
        self.m.set("type", TYPES.get(self.r.leader[6:7] if self.r.leader else ""), "LDR")
        return self.m

    def language(self) -> None:
        for f in self.r.get_fields("101"):
            for code in (c for v in f.get_subfields("a") for c in split_codes(v)):
                if code.lower() in ("und", "zxx"):
                    continue
                tagged = lang_tag(code)
                if tagged is None:
                    self.m.problem("101", _("'{code}' is not a language code", code=code))
                elif tagged not in self.langs:
                    self.langs.append(tagged)
        self.m.set("language", list(self.langs), "101")

    def title(self) -> None:
        groups = self.groups("200")
        value: dict[str, str] = {}
        if groups:
            main, alts = groups[0]
            value = self.value(main, alts, lambda f: _texts(f, "ae", ": "))
            parallel = main.get_subfields("d")
            languages = main.get_subfields("z")
            for text, code in zip(parallel, languages, strict=False):
                lang = lang_tag(code)
                if lang and clean(text) and lang not in value:
                    value[lang] = clean(text).lstrip("= ").strip()
        if not value:
            self.m.problem("200", _("no title (200 $a): every item needs one"))
        self.m.set("title", value, "200")

    def date(self) -> None:
        c = self.coded
        edtf = coded_date(c[8], c[9:13], c[13:17], ranges="bfg", single="cdehij",
                          open_end="a") if len(c) >= 17 else None
        written = [v for f in self.r.get_fields("210", "214") for v in f.get_subfields("d")]
        text = clean(written[0]) if written else ""
        edtf = edtf or (text_to_edtf(text) if text else None)
        self.m.set("date", edtf, "100" if edtf and not text else "210")
        if not edtf and text:
            self.m.set("date_display", {self.cat: text}, "210")

    def notes(self) -> None:
        paragraphs: dict[str, list[str]] = {}
        for f, alts in self.groups(*(str(t) for t in range(300, 346))):
            for lang, text in self.value(f, alts, _note).items():
                paragraphs.setdefault(lang, []).append(text)
        self.m.set("description", {k: "\n\n".join(v) for k, v in paragraphs.items()}, "300")


def _note(field: Field) -> str:
    """A note as written (a sentence keeps its full stop)."""
    return " ".join(" ".join(v.split()) for v in field.get_subfields("a")).strip()


def _name(field: Field) -> str:
    return joined([*field.get_subfields("a"), *field.get_subfields("b")], ", ")


def _subject(field: Field) -> str:
    head = _texts(field, "ab")
    subdivisions = [clean(sf.value) for sf in field.subfields if sf.code in "jxyz"
                    and clean(sf.value)]
    return " — ".join([head, *subdivisions]) if head else ""


def map_unimarc(record: Record, mapped: Mapped, catalogue_lang: str | None,
                default_lang: str) -> Mapped:
    """The item fields of a UNIMARC record (problems in ``mapped.problems``)."""
    return Unimarc(record, mapped, catalogue_lang, default_lang).run()
