"""Reading checklist texts that may be translated (docs/checklist-format.md, "Translations").

A file that declares `languages` may give any human-readable text as a mapping from language
code to text. The mapping must hold the default language; a code outside `languages` is an
error; a declared language it lacks is only a warning (`MissingText`), since the default
text is shown instead. A file without `languages` is a v1 file: a mapping there is an error.
"""

from __future__ import annotations

from yaml.nodes import MappingNode, Node

from audit.scoring.fields import Fields, Reader, closest, is_null
from audit.scoring.model import MissingText
from audit.scoring.yaml_nodes import child_path, line_of

LANGUAGES = ("en", "ar", "ru")


class TextReader(Reader):
    """A Reader that knows the file's languages and reads text-or-mapping fields."""

    def __init__(self) -> None:
        super().__init__()
        self.languages: tuple[str, ...] = ("en",)
        self.default_language = "en"
        self.declared = False  # whether the file declares `languages` (translations allowed)
        self.missing: list[MissingText] = []

    def read_languages(self, f: Fields) -> None:
        """Read `languages` and `default_language` of the checklist's root mapping."""
        node = f.get("languages")
        if node is not None:
            self.declared = True
            codes: list[str] = []
            seen: dict[str, int] = {}
            for i, item in enumerate(self.items(node, "languages", 1, "language codes") or []):
                path = child_path("languages", i)
                code = self.text(item, path, nonempty=True)
                if code is None:
                    continue
                if code not in LANGUAGES:
                    self.unknown_language(item, path, code)
                elif code not in seen:
                    codes.append(code)
                self.unique(code, item, path, seen, "language")
            self.languages = tuple(codes) or self.languages
        self.default_language = self.languages[0]
        node = f.get("default_language")
        code = self.text(node, "default_language", nonempty=True)
        if code is not None and code not in self.languages:
            declared = ", ".join(self.languages)
            self.add(
                node,
                "default_language",
                f"`{code}` is not one of `languages` ({declared})",
                "default_language_undeclared",
                language=code,
                declared=declared,
            )
        elif code is not None:
            self.default_language = code

    def unknown_language(self, node: Node, path: str, code: str) -> None:
        """A code in `languages` that the platform has no language for (a close one named)."""
        choices, close = ", ".join(LANGUAGES), closest(code, LANGUAGES)
        hint = f" (did you mean `{close}`?)" if close else ""
        self.add(
            node,
            path,
            f"unknown language `{code}`{hint}; use one of: {choices}",
            "unknown_language_close" if close else "unknown_language",
            language=code,
            close=close or "",
            choices=choices,
        )

    def builtin(self, name: str, texts: dict[str, str]) -> tuple[str, dict[str, dict[str, str]]]:
        """A default text of the format (`texts` per language) in this file's languages."""
        if not self.declared:
            return texts["en"], {}
        return texts[self.default_language], {name: texts}

    def local(
        self,
        f: Fields,
        name: str,
        translations: dict[str, dict[str, str]],
        *,
        required: bool = False,
        nonempty: bool = False,
    ) -> str | None:
        """The default-language text of field `name`; a mapping's texts go to `translations`."""
        node = f.require(name) if required else f.get(name)
        path = f.sub(name)
        if not isinstance(node, MappingNode):
            return self.text(node, path, nonempty)
        if not self.declared:
            self.add(
                node,
                path,
                "must be text, got a mapping (declare `languages` at the top of the file "
                "to give texts per language)",
                "texts_need_languages",
            )
            return None
        texts: dict[str, str] = {}
        entries = Fields(self, node, path, ()).entries
        for code, (key, value) in entries.items():
            if code not in self.languages:
                declared = ", ".join(self.languages)
                self.add(
                    key,
                    child_path(path, code),
                    f"unknown language `{code}`; `languages` declares {declared}",
                    "undeclared_language",
                    language=code,
                    declared=declared,
                )
            elif not is_null(value):
                text = self.text(value, child_path(path, code), nonempty)
                if text is not None:
                    texts[code] = text
        absent = [c for c in self.languages if c not in entries or is_null(entries[c][1])]
        if self.default_language in absent:
            language = self.default_language
            message = f"missing the default language `{language}`"
            self.add(node, path, message, "missing_default_language", language=language)
            return None
        default = texts.get(self.default_language)
        if default is None:  # its text has a problem, already reported
            return None
        if absent:
            self.missing.append(
                MissingText(line_of(node), path, tuple(absent), default, self.default_language)
            )
        translations[name] = texts
        return default
