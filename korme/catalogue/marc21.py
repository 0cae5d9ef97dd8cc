"""MARC 21 bibliographic records (ISO 2709 or MARCXML, read by pymarc) as item fields.

| item field | MARC 21 |
| --- | --- |
| title | 245 $a $b $n $p |
| creator | 100, 110, 111, 700, 710, 711 $a (+ $b) |
| date | 008/06-14 (date type, dates), else 264/260 $c read as EDTF; else date_display |
| language | 041 $a, else 008/35-37 |
| identifier | 852 $k $h $i $j $m, else 090 $a $b |
| extent, dimensions | 300 $a $b, 300 $c |
| subjects | 600-655 $a (+ $b) with $v $x $y $z subdivisions |
| description | 5XX notes, one paragraph each |
| type | leader/06: t manuscript, a book, e/f map |

Texts are in the catalogue's language (040 $b; English without it, as MARC 21 has it; the
curator's ``--language`` before both); an 880
field (alternate script, linked by $6 to its field) gives the same value in the original
language and script: a Persian title in Arabic script becomes ``title: {fa: …}``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pymarc import Field, Record

from korme.catalogue.common import (
    Mapped,
    clean,
    coded_date,
    joined,
    lang_tag,
    original_key,
    split_codes,
    text_to_edtf,
)
from korme.l10n import _

SCRIPTS = {"(3": "Arab", "(4": "Arab", "(B": "Latn", "(N": "Cyrl", "(Q": "Cyrl",
           "(S": "Grek", "(2": "Hebr", "$1": "Hani"}
TYPES = {"t": "manuscript", "a": "book", "e": "map", "f": "map"}
CREATORS = ("100", "110", "111", "700", "710", "711")
SUBJECTS = ("600", "610", "611", "630", "647", "648", "650", "651", "655")
SKIP = frozenset("0123456789")  # control subfields ($6 linkage, $8, $0 ids, $2 sources…)


def _sub(field: Field, codes: str) -> list[str]:
    return [v for c in codes for v in field.get_subfields(c)]


def _texts(field: Field, codes: str, sep: str = " ") -> str:
    """The field's text from these subfields, in the order they stand in the field."""
    return joined([sf.value for sf in field.subfields if sf.code in codes], sep)


class _Linked:
    """880 fields by the field and occurrence they give in another script."""

    def __init__(self, record: Record):
        self.by_link: dict[tuple[str, str], list[tuple[Field, str | None]]] = {}
        for f in record.get_fields("880"):
            link = (f.get_subfields("6") or [""])[0]
            tag, _, rest = link.partition("-")
            occurrence, _, script = rest.partition("/")
            self.by_link.setdefault((tag, occurrence[:2]), []).append(
                (f, SCRIPTS.get(script.split("/")[0])))

    def of(self, field: Field) -> list[tuple[Field, str | None]]:
        """The 880 fields linked to ``field`` (by its $6 ``880-NN``)."""
        link = (field.get_subfields("6") or [""])[0]
        if not link.startswith("880-"):
            return []
        return self.by_link.get((field.tag, link[4:6]), [])

    def unlinked(self, tags: Iterable[str]) -> list[tuple[Field, str | None]]:
        """880 fields for these tags with no field of their own (occurrence ``00``)."""
        return [f for t in tags for f in self.by_link.get((t, "00"), [])]


class Marc21:
    """Maps one MARC 21 record (see the module)."""

    def __init__(self, record: Record, mapped: Mapped, catalogue_lang: str | None,
                 default_lang: str):
        self.r, self.m = record, mapped
        cataloguing = next(iter(_sub(f, "b") for f in record.get_fields("040")), [])
        # MARC 21 records without 040 $b are catalogued in English (the format's convention)
        self.cat = catalogue_lang or (lang_tag(cataloguing[0]) if cataloguing else "en") \
            or default_lang
        self.links = _Linked(record)
        self.langs: list[str] = []

    def value(self, field: Field, text: str, codes: str) -> dict[str, str]:
        """``{catalogue language: text}`` plus the linked 880 fields' texts."""
        out = {self.cat: text} if text else {}
        for alt, script in self.links.of(field):
            alt_text = _texts(alt, codes)
            if alt_text:
                out[original_key(self.langs, self.cat, script)] = alt_text
        return out

    def unlinked(self, tags: Iterable[str], codes: str) -> list[dict[str, str]]:
        return [{original_key(self.langs, self.cat, script): t}
                for f, script in self.links.unlinked(tags) if (t := _texts(f, codes))]

    def run(self) -> Mapped:
        self.language()
        self.title()
        creators = [v for f in self.r.get_fields(*CREATORS)
                    if (v := self.value(f, _texts(f, "ab"), "ab"))]
        self.m.set("creator", _dedupe(creators + self.unlinked(CREATORS, "ab")), "100")
        self.date()
        self.identifier()
        for f in self.r.get_fields("300")[:1]:
            self.m.set("extent", {self.cat: _texts(f, "ab", " : ")} if _texts(f, "ab")
                       else None, "300")
            self.m.set("dimensions", {self.cat: _texts(f, "c")} if _texts(f, "c") else None,
                       "300")
        subjects = [v for f in self.r.get_fields(*SUBJECTS)
                    if (v := self.value(f, _subject(f), "abvxyz"))]
        self.m.set("subjects", _dedupe(subjects), "650")
        self.notes()
        kind = TYPES.get(self.r.leader[6:7] if self.r.leader else "")
        self.m.set("type", kind, "LDR")
        return self.m

    def language(self) -> None:
        codes, tag = [c for f in self.r.get_fields("041") for v in _sub(f, "a")
                      for c in split_codes(v)], "041"
        if not codes:
            fixed = self.r.get_fields("008")
            data = fixed[0].data if fixed and fixed[0].data else ""
            codes, tag = ([data[35:38]] if len(data) >= 38 and data[35:38].strip(" |") else []
                          ), "008"
        for code in codes:
            if code.lower() in ("und", "zxx", "   "):
                continue
            tagged = lang_tag(code)
            if tagged is None:
                self.m.problem(tag, _("'{code}' is not a language code", code=code))
            elif tagged not in self.langs:
                self.langs.append(tagged)
        self.m.set("language", list(self.langs), tag)

    def title(self) -> None:
        fields = self.r.get_fields("245")
        value = self.value(fields[0], _texts(fields[0], "abnp", ": "), "abnp") \
            if fields else {}
        for extra in self.unlinked(["245"], "abnp"):
            value.update(extra)
        if not value:
            self.m.problem("245", _("no title (245 $a): every item needs one"))
        self.m.set("title", value, "245")

    def date(self) -> None:
        fixed = self.r.get_fields("008")
        data = fixed[0].data if fixed and fixed[0].data else ""
        edtf = coded_date(data[6], data[7:11], data[11:15], ranges="qikm",
                          single="sertp", open_end="cdu") if len(data) >= 15 else None
        written = [v for f in self.r.get_fields("264", "260") for v in f.get_subfields("c")]
        text = clean(written[0]) if written else ""
        edtf = edtf or (text_to_edtf(text) if text else None)
        self.m.set("date", edtf, "008" if edtf and not text else "260")
        if not edtf and text:
            self.m.set("date_display", {self.cat: text}, "260")

    def identifier(self) -> None:
        for tag, codes in (("852", "khijm"), ("090", "ab")):
            for f in self.r.get_fields(tag):
                shelfmark = _texts(f, codes)
                if shelfmark:
                    self.m.set("identifier", shelfmark, tag)
                    return
        self.m.problem("852", _("no shelfmark (852 $h/$j, or 090 $a): an item needs its "
                                "identifier to be found again on the next import"))

    def notes(self) -> None:
        paragraphs: dict[str, list[str]] = {}
        for f in self.r.get_fields(*(str(t) for t in range(500, 600))):
            for lang, text in self.value(f, _note(f), "abcdefghijklmnopqrstuvwxyz").items():
                paragraphs.setdefault(lang, []).append(text)
        self.m.set("description", {k: "\n\n".join(v) for k, v in paragraphs.items()}, "500")


def _note(field: Field) -> str:
    return " ".join(" ".join(sf.value.split()) for sf in field.subfields
                    if sf.code not in SKIP).strip()


def _subject(field: Field) -> str:
    head = _texts(field, "ab")
    subdivisions = [clean(v) for sf in field.subfields if sf.code in "vxyz"
                    for v in [sf.value] if clean(v)]
    return " — ".join([head, *subdivisions]) if head else ""


def _dedupe(values: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for v in values:
        if v not in out:
            out.append(v)
    return out


def map_marc21(record: Record, mapped: Mapped, catalogue_lang: str | None,
               default_lang: str) -> Mapped:
    """The item fields of a MARC 21 record (problems in ``mapped.problems``)."""
    return Marc21(record, mapped, catalogue_lang, default_lang).run()
