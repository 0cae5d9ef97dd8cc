"""Themes: template lookup (site overrides first), static files and UI strings per language.

A theme is a folder with ``templates/``, ``static/`` and ``i18n/<lang>.yaml``. The site's
``themes/<name>/`` overrides the packaged default theme file by file.
"""

from __future__ import annotations

import hashlib
import types
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import jinja2.runtime
import yaml
from jinja2.filters import do_trim
from jinja2.nodes import EvalContext
from jinja2.utils import missing, pass_eval_context
from markupsafe import Markup
from markupsafe import escape as markup_escape

from generator.errors import Position, Report
from generator.render.seo import strip_tags
from generator.yamlload import YamlProblem, parse_yaml

try:  # markupsafe's own escaping of a plain string (C, else Python; both since markupsafe 3)
    from markupsafe._speedups import _escape_inner  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover
    try:
        from markupsafe._native import _escape_inner
    except ImportError:
        def _escape_inner(s: str, /) -> str:
            return str(markup_escape(s))


# Jinja, the same output with less work per expression ---------------------------------------
# Every ``{{ … }}`` of a page goes through ``escape`` and every call through ``Context.call``;
# an item page has ~130 of the one and ~30 of the other. Both are replaced here by versions that
# give exactly the same text and take a shorter path in the common cases.

_PLAIN_CALLABLES = frozenset({types.FunctionType, types.MethodType, types.BuiltinFunctionType,
                              types.BuiltinMethodType, types.MethodWrapperType})


def _escape(value: Any) -> str:
    """``markupsafe.escape`` for template output: the same characters, without making a
    ``Markup`` of each piece (output pieces are only joined, never used as values)."""
    if type(value) is str:
        return _escape_inner(value)  # type: ignore[no-any-return]
    if type(value) is Markup:
        return value
    return markup_escape(value)


class _Macro(jinja2.runtime.Macro):
    """Jinja's macro; a call with positional arguments only (the usual one) goes straight to
    the macro's function."""

    @pass_eval_context
    def __call__(self, *args: Any, **kwargs: Any) -> str:
        if not kwargs and not self.caller and not self.catch_varargs \
                and not self.catch_kwargs and not self._environment.is_async:
            if args and isinstance(args[0], EvalContext):
                autoescape = args[0].autoescape
                args = args[1:]
            else:
                autoescape = self._default_autoescape
            n, count = len(args), self._argument_count
            if n <= count:
                rv = self._func(*args) if n == count else \
                    self._func(*args, *(missing,) * (count - n))
                return Markup(rv) if autoescape else rv  # type: ignore[no-any-return]
            return super().__call__(*args)  # the error about too many arguments
        return super().__call__(*args, **kwargs)


class _Context(jinja2.runtime.Context):
    """Jinja's context; calls of plain functions, methods and macros skip the checks for
    ``pass_context`` and friends (which plain callables cannot carry, and which macros always
    carry the same way)."""

    def call(__self, __obj: Callable[..., Any], *args: Any,
             **kwargs: Any) -> Any:
        kind = type(__obj)
        if kind is _Macro:
            if kwargs:
                kwargs.pop("_block_vars", None)
                kwargs.pop("_loop_vars", None)
            try:
                return __obj(__self.eval_ctx, *args, **kwargs)
            except StopIteration:
                return __self.environment.undefined(
                    "value was undefined because a callable raised a StopIteration exception")
        if kind in _PLAIN_CALLABLES and not hasattr(__obj, "jinja_pass_arg"):
            if kwargs:
                kwargs.pop("_block_vars", None)
                kwargs.pop("_loop_vars", None)
            try:
                return __obj(*args, **kwargs)
            except StopIteration:
                return __self.environment.undefined(
                    "value was undefined because a callable raised a StopIteration exception")
        return super().call(__obj, *args, **kwargs)


class _Template(jinja2.Template):
    """A template whose output escaping is :func:`_escape` and whose macros are
    :class:`_Macro`."""

    @classmethod
    def _from_namespace(cls, environment: jinja2.Environment,
                        namespace: MutableMapping[str, Any],
                        globals: MutableMapping[str, Any]) -> jinja2.Template:
        namespace["escape"] = _escape
        namespace["Macro"] = _Macro
        return super()._from_namespace(environment, namespace, globals)  # type: ignore[misc,no-any-return]

    def _get_default_module(self, ctx: jinja2.runtime.Context | None = None) -> Any:
        # ``{% from … import %}`` on every render: Jinja's test (no global of the importing
        # context missing here) is a set difference with a dict view, slow in Python
        module = self._module
        if ctx is not None and module is not None and not self.environment.is_async:
            mine = self.globals
            if all(k in mine for k in ctx.globals_keys):
                return module
        return super()._get_default_module(ctx)


def _striptags(value: Any) -> str:
    """Jinja's ``striptags`` filter, the same text in a third of the time (see
    :func:`generator.render.seo.strip_tags`)."""
    if hasattr(value, "__html__"):
        value = value.__html__()
    return strip_tags(str(value))


def _trim(value: Any, chars: str | None = None) -> str:
    """Jinja's ``trim`` filter without markupsafe's wrapper around ``str.strip``."""
    if type(value) is Markup:
        text = str.strip(value, chars)
        return value if len(text) == len(value) else Markup(text)
    return do_trim(value, chars)


_DICT_ATTRS = frozenset(dir(dict))


class _Environment(jinja2.Environment):
    """Jinja's environment with :class:`_Context` and :class:`_Template`, and a direct path
    for ``x.key`` on a dict (views pass dicts: Jinja would first try, and fail, to find an
    attribute ``key``)."""

    context_class = _Context
    template_class = _Template

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # templates by name, with the loader that loaded them (see get_template)
        self._by_name: dict[str, tuple[Any, jinja2.Template]] = {}

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        """A template's globals as a plain dict of the environment's and its own, instead of
        Jinja's ``ChainMap`` (iterated in Python three times a page). The environment's globals
        are never changed once templates are loaded, as Jinja asks."""
        return {**self.globals, **(d or {})}

    def get_template(self, name: str | jinja2.Template, parent: str | None = None,
                     globals: MutableMapping[str, Any] | None = None) -> jinja2.Template:
        """Jinja's ``get_template``; without ``auto_reload`` a template already loaded is
        taken from a plain dict (Jinja's own cache makes a weak reference per lookup, six times
        a page)."""
        if globals is not None or self.auto_reload or self.cache is None or type(name) is not str:
            return super().get_template(name, parent, globals)
        if parent is not None:
            name = self.join_path(name, parent)
        hit = self._by_name.get(name)
        if hit is not None and hit[0] is self.loader and hit[1].environment is self:
            return hit[1]
        template = super().get_template(name)
        self._by_name[name] = (self.loader, template)
        return template

    def getattr(self, obj: Any, attribute: str) -> Any:
        """``obj.attribute`` as Jinja finds it: an attribute, else an item (so a dict's key
        unless a dict method has the name)."""
        if type(obj) is dict and attribute not in _DICT_ATTRS:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        try:  # Jinja's own way
            return getattr(obj, attribute)
        except AttributeError:
            pass
        try:
            return obj[attribute]
        except (TypeError, LookupError, AttributeError):
            return self.undefined(obj=obj, name=attribute)


def default_theme_dir() -> Path:
    """The packaged default theme (``themes/default`` in the repository)."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "themes" / "default"  # a wheel: generator/themes/default
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
        """A Jinja2 environment: autoescape everywhere, undefined names are errors.

        ``compiled``: a folder keeping compiled templates between builds (checked against
        each template's source, so an edited template is compiled again)."""
        loader = jinja2.FileSystemLoader([str(f / "templates") for f in self.folders])
        cache = None
        if compiled is not None:
            compiled.mkdir(parents=True, exist_ok=True)
            cache = jinja2.FileSystemBytecodeCache(str(compiled))
        env = _Environment(
            loader=loader,
            bytecode_cache=cache,
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            auto_reload=False,  # one environment per build: templates do not change during it
        )
        env.filters["striptags"] = _striptags
        env.filters["trim"] = _trim
        return env


def load_theme(root: Path, name: str, languages: tuple[str, ...], report: Report) -> Theme:
    """Find the theme folders and read their UI strings."""
    folders: list[Path] = []
    site_theme = root / "themes" / name
    if site_theme.is_dir() and site_theme.resolve() != default_theme_dir().resolve():
        folders.append(site_theme)
    elif name != "default":
        report.error(Position("site.yaml"), f"theme: no folder themes/{name}/ in the site")
    folders.append(default_theme_dir())
    strings: dict[str, dict[str, str]] = {}
    for folder in reversed(folders):
        for path in sorted((folder / "i18n").glob("*.yaml")):
            rel = path.as_posix() if folder == default_theme_dir() else \
                path.relative_to(root).as_posix()
            try:
                data = parse_yaml(path.read_text("utf-8"), rel).data or {}
            except (YamlProblem, yaml.YAMLError, OSError) as exc:
                pos = getattr(exc, "position", Position(rel))
                report.error(pos, f"UI strings: {getattr(exc, 'message', exc)}")
                continue
            lang = path.stem.lower()
            strings.setdefault(lang, {}).update({str(k): str(v) for k, v in data.items()})
    for lang in languages:
        if lang not in strings and lang.split("-")[0] not in strings:
            report.warning(Position("site.yaml"), f"the theme has no UI strings for '{lang}'; "
                           "menus and labels will be in English", kind="fallback")
    for lang in languages:
        base = lang.split("-")[0]
        if lang not in strings and base in strings:
            strings[lang] = strings[base]
    return Theme(tuple(folders), strings)
