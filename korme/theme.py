"""Themes: template lookup (site overrides first), static files and UI strings per language.

A theme is a folder with ``templates/``, ``static/`` and ``i18n/<lang>.yaml``. The site's
``themes/<name>/`` overrides the packaged default theme file by file; a template that
overrides one of the default theme's can extend it as ``default:NAME``
(``{% extends "default:base.html" %}``) instead of copying it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from korme.errors import Position, Report
from korme.l10n import _
from korme.load.reader import read_yaml

DEFAULT_PREFIX = "default"  # "default:base.html" is always the default theme's base.html
GLOBAL_MACROS = {"picture": ("partials/picture.html", "picture"),
                 "metadata": ("partials/values.html", "metadata")}


def _macro(env: jinja2.Environment, template: str, name: str) -> Callable[..., Any]:
    """A theme macro as a global: looked up when called (so an override of its template,
    or a template loaded later, is the one used)."""
    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(env.get_template(template).module, name)(*args, **kwargs)
    call.__name__ = name
    return call


def default_theme_dir() -> Path:
    """The packaged default theme (``themes/default`` in the repository)."""
    package = Path(__file__).resolve().parent
    installed = package / "themes" / "default"  # a wheel: korme/themes/default
    return installed if installed.is_dir() else package.parent / "themes" / "default"


@dataclass(frozen=True)
class Theme:
    """The theme folders in lookup order (the site's override first, the default last)."""

    folders: tuple[Path, ...]
    strings: dict[str, dict[str, str]] = field(default_factory=dict)  # lang -> key -> text

    def static_files(self) -> dict[str, Path]:
        """Static files by their path under ``static/``; overrides win."""
        out: dict[str, Path] = {}
        for folder in reversed(self.folders):
            base = folder / "static"
            for p in sorted(base.rglob("*")) if base.is_dir() else []:
                if p.is_file():
                    out[p.relative_to(base).as_posix()] = p
        return out

    def asset_version(self) -> str:
        """A short hash of all static files, appended to their URLs to bust caches."""
        h = hashlib.sha256()
        for name, path in sorted(self.static_files().items()):
            h.update(name.encode())
            h.update(path.read_bytes())
        return h.hexdigest()[:10]

    def fingerprint(self) -> str:
        """A hash of every template, static file and UI string: any change re-renders all."""
        h = hashlib.sha256()
        for folder in self.folders:
            for p in sorted(folder.rglob("*")):
                if p.is_file():
                    h.update(p.relative_to(folder).as_posix().encode())
                    h.update(p.read_bytes())
        return h.hexdigest()[:16]

    def ui(self, lang: str) -> dict[str, str]:
        """UI strings for a language: English underneath, the language's own on top."""
        return {**self.strings.get("en", {}), **self.strings.get(lang, {})}

    def environment(self, compiled: Path | None = None) -> jinja2.Environment:
        """A plain Jinja2 environment: autoescape everywhere, undefined names are errors.

        ``compiled``: a folder keeping compiled templates between builds (checked against
        each template's source, so an edited template is compiled again)."""
        default = jinja2.FileSystemLoader(str(self.folders[-1] / "templates"))
        loader = jinja2.ChoiceLoader([
            jinja2.FileSystemLoader([str(f / "templates") for f in self.folders]),
            jinja2.PrefixLoader({DEFAULT_PREFIX: default}, delimiter=":"),
        ])
        cache = None
        if compiled is not None:
            compiled.mkdir(parents=True, exist_ok=True)
            cache = jinja2.FileSystemBytecodeCache(str(compiled))
        env = jinja2.Environment(
            loader=loader, bytecode_cache=cache, autoescape=True,
            undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
            keep_trailing_newline=True,
            auto_reload=False,  # one environment per build: templates do not change in it
        )
        # the macros list entries use, callable from any template without importing them
        # (an import in a template included once per entry would run once per entry)
        for name, (template, macro) in GLOBAL_MACROS.items():
            env.globals[name] = _macro(env, template, macro)
        return env

    def template_files(self) -> dict[str, Path]:
        """Every template by the name it is loaded as (overrides win), and each default
        template also as ``default:NAME``: to map a template's name back to its file."""
        out: dict[str, Path] = {}
        for folder in reversed(self.folders):
            base = folder / "templates"
            for p in sorted(base.rglob("*")) if base.is_dir() else []:
                if p.is_file():
                    name = p.relative_to(base).as_posix()
                    out[name] = p
                    if folder == self.folders[-1]:
                        out[f"{DEFAULT_PREFIX}:{name}"] = p
        return out


def load_theme(root: Path, name: str, languages: tuple[str, ...], report: Report) -> Theme:
    """Find the theme folders and read their UI strings."""
    folders: list[Path] = []
    site_theme = root / "themes" / name
    if site_theme.is_dir() and site_theme.resolve() != default_theme_dir().resolve():
        folders.append(site_theme)
    elif name != "default":
        report.error(Position("site.yaml"), _("theme: no folder themes/{name}/ in the site",
                                               name=name))
    folders.append(default_theme_dir())
    strings: dict[str, dict[str, str]] = {}
    for folder in reversed(folders):
        for path in sorted((folder / "i18n").glob("*.yaml")):
            rel = path.as_posix() if folder == default_theme_dir() else \
                path.relative_to(root).as_posix()
            try:
                text = path.read_text("utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                report.error(Position(rel), _("UI strings: {problem}", problem=str(exc)))
                continue
            located = read_yaml(text, rel, report)
            data = (located.data if located is not None else None) or {}
            if not isinstance(data, dict):
                report.error(Position(rel), _("UI strings: the file must be a mapping of "
                                              "'key: text' lines"))
                continue
            lang = path.stem.lower()
            strings.setdefault(lang, {}).update({str(k): str(v) for k, v in data.items()})
    for lang in languages:
        if lang not in strings and lang.split("-")[0] not in strings:
            report.warning(Position("site.yaml"), _(
                "the theme has no UI strings for '{lang}'; menus and labels will be in English",
                lang=lang), kind="fallback")
    for lang in languages:
        base = lang.split("-")[0]
        if lang not in strings and base in strings:
            strings[lang] = strings[base]
    return Theme(tuple(folders), strings)
