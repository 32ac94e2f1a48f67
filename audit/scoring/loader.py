"""Checklist loading: compose YAML to nodes, walk them collecting ALL problems, build a Checklist.

Beyond the base format (docs/checklist-format.md), a choice option's value may not be empty or
`N/A` (such an answer would mean "unanswered" / "not applicable", never the option).
"""

from __future__ import annotations

import os
from dataclasses import replace
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from audit.scoring.answers import InvalidAnswer, normalise
from audit.scoring.errors import ChecklistError, Problem
from audit.scoring.fields import Fields, describe, is_null, suggest
from audit.scoring.model import (
    NA,
    STAGES,
    TYPES,
    Band,
    Checklist,
    Criterion,
    Grade,
    Option,
    Pillar,
    ShowIf,
    Touchpoint,
)
from audit.scoring.texts import TextReader
from audit.scoring.yaml_nodes import ROOT, STR_TAG, child_path, compose, scalar

ROOT_FIELDS = ("id", "title", "description", "pillars", "grades", "critical_failure_cap")
ROOT_FIELDS += ("min_visit_minutes", "touchpoints")
ROOT_FIELDS += ("languages", "default_language")
TOUCHPOINT_FIELDS = ("key", "name", "stage", "channel", "weight", "photos", "audio", "criteria")
COMMON_FIELDS = ("key", "text", "pillar", "type", "weight", "critical", "na", "required")
COMMON_FIELDS += ("guidance", "show_if", "pass_at", "comment_on_fail", "photo_on_fail")
TYPE_FIELDS = {
    "yes_no": ("expected",),
    "scale": ("min", "max"),
    "choice": ("options",),
    "number": ("bands",),
    "nps": (),
    "text": (),
}
NOT_ON_TEXT = ("critical", "pass_at", "comment_on_fail", "photo_on_fail")
CRITERION_FIELDS = COMMON_FIELDS + ("expected", "min", "max", "options", "bands")
# The format's default pillar titles and grade labels, in every language a file may declare:
# a translated checklist that keeps the defaults shows them in the reader's language.
DEFAULT_TITLES = {
    "people": {"en": "People", "ar": "الموظفون", "ru": "Персонал"},
    "product": {"en": "Product", "ar": "المنتج", "ru": "Продукт"},
    "process": {"en": "Process", "ar": "الإجراءات", "ru": "Процессы"},
}
DEFAULT_BANDS = (
    (90, {"en": "Excellent", "ar": "ممتاز", "ru": "Отлично"}),
    (75, {"en": "Good", "ar": "جيد", "ru": "Хорошо"}),
    (60, {"en": "Fair", "ar": "مقبول", "ru": "Удовлетворительно"}),
    (0, {"en": "Poor", "ar": "ضعيف", "ru": "Плохо"}),
)
# A touchpoint's `audio:` (a compatible extension): recordings allowed and their length.
AUDIO_MAX_DEFAULT, AUDIO_MAX_LIMIT = 3, 20
AUDIO_SECONDS_DEFAULT, AUDIO_SECONDS_LIMIT = 600, 3600


def load_checklist(source: str | bytes, name: str = "<string>") -> Checklist:
    """Parse and validate checklist YAML; raises ChecklistError listing every problem."""
    root, problems = compose(source)
    if problems:
        raise ChecklistError(problems, name)
    if root is None:
        raise ChecklistError([Problem(0, ROOT, "the file is empty: expected a checklist")], name)
    walk = _ChecklistWalk()
    checklist = walk.checklist(root)
    if walk.problems or checklist is None:
        raise ChecklistError(walk.problems, name)
    return checklist


def load_checklist_file(path: str | os.PathLike[str]) -> Checklist:
    """Read and load a checklist file; unreadable files raise ChecklistError (line 0)."""
    try:
        with open(path, "rb") as f:
            source = f.read(1024 * 1024 + 1)
    except OSError as exc:
        raise ChecklistError(
            [Problem(0, ROOT, f"cannot read the file: {exc.strerror}")], str(path)
        ) from None
    return load_checklist(source, str(path))


class _ChecklistWalk(TextReader):
    """One pass over the document; criteria are checked in document order for show_if."""

    def checklist(self, root: Node) -> Checklist | None:
        f = self.fields(root, ROOT, ROOT_FIELDS, "a checklist")
        if f is None:
            return None
        self.read_languages(f)
        texts: dict[str, dict[str, str]] = {}
        id_ = self.slug(f.require("id"), "id")
        title = self.local(f, "title", texts, required=True, nonempty=True)
        description = self.local(f, "description", texts)
        self.pillars = self._pillars(f)
        grades = self._grades(f)
        cap = self.number(f.get("critical_failure_cap"), "critical_failure_cap", 0, 100)
        min_visit = self.number(f.get("min_visit_minutes"), "min_visit_minutes", 0, 24 * 60)
        touchpoints = self._touchpoints(f)
        if self.problems:
            return None
        return Checklist(
            id=id_,
            title=title,
            description=description,
            pillars=self.pillars,
            grades=grades,
            critical_failure_cap=0.0 if cap is None else cap,
            touchpoints=touchpoints,
            min_visit_minutes=min_visit or None,
            languages=self.languages,
            default_language=self.default_language,
            translations=texts,
            missing_texts=tuple(sorted(self.missing, key=lambda m: m.line)),
        )

    def _pillars(self, f: Fields) -> dict[str, Pillar] | None:
        node = f.get("pillars")
        if node is None:
            return {
                name: Pillar(1.0, *self.builtin("title", texts))
                for name, texts in DEFAULT_TITLES.items()
            }
        pf = self.fields(node, "pillars", (), "`pillars`")
        if pf is None:
            return None
        if not pf.entries:
            self.add(node, "pillars", "needs at least one pillar")
            return None
        pillars: dict[str, Pillar] = {}
        for name, (key, value) in pf.entries.items():
            path = child_path("pillars", name)
            if self.slug(key, path) is None:
                continue
            pillar = Pillar(1.0, name.replace("_", " ").replace("-", " ").capitalize())
            if name in DEFAULT_TITLES:
                pillar = Pillar(1.0, *self.builtin("title", DEFAULT_TITLES[name]))
            if not is_null(value):
                one = self.fields(value, path, ("weight", "title"), "a pillar")
                if one is not None:
                    texts: dict[str, dict[str, str]] = {}
                    weight = self.number(one.get("weight"), one.sub("weight"), 0)
                    title = self.local(one, "title", texts)
                    if title:
                        pillar = Pillar(pillar.weight, title, texts)
                    if weight is not None:
                        pillar = replace(pillar, weight=weight)
            pillars[name] = pillar
        return pillars

    def _grades(self, f: Fields) -> tuple[Grade, ...]:
        items = self.items(f.get("grades"), "grades", 1, "grade band")
        if items is None:
            return tuple(Grade(low, *self.builtin("label", texts)) for low, texts in DEFAULT_BANDS)
        grades = []
        for i, node in enumerate(items):
            path = child_path("grades", i)
            g = self.fields(node, path, ("min", "label"), "a grade band")
            if g is None:
                continue
            texts: dict[str, dict[str, str]] = {}
            low = self.number(g.require("min"), g.sub("min"), 0, 100)
            label = self.local(g, "label", texts, required=True, nonempty=True)
            if low is not None and label is not None:
                grades.append(Grade(low, label, texts))
        return tuple(sorted(grades, key=lambda g: -g.min))

    def _touchpoints(self, f: Fields) -> tuple[Touchpoint, ...]:
        items = self.items(f.require("touchpoints"), "touchpoints", 1, "touchpoint") or []
        # Criterion keys in document order, so show_if can tell "later" from "unknown".
        self.order: dict[str, int] = {}
        for tp in items:
            for c in _criterion_nodes(tp):
                key = _key_of(c)
                if key is not None:
                    self.order.setdefault(key, len(self.order))
        self.built: dict[str, Criterion] = {}
        self.seen_criteria: dict[str, int] = {}
        seen: dict[str, int] = {}
        touchpoints = []
        for i, node in enumerate(items):
            tp = self._touchpoint(node, child_path("touchpoints", i), seen)
            if tp is not None:
                touchpoints.append(tp)
        return tuple(touchpoints)

    def _touchpoint(self, node: Node, path: str, seen: dict[str, int]) -> Touchpoint | None:
        t = self.fields(node, path, TOUCHPOINT_FIELDS, "a touchpoint")
        if t is None:
            return None
        key = self.slug(t.require("key"), t.sub("key"))
        if key is not None:
            self.unique(key, t.get("key"), t.sub("key"), seen, "touchpoint key")
        texts: dict[str, dict[str, str]] = {}
        name = self.local(t, "name", texts, required=True, nonempty=True)
        stage = self.text(t.get("stage"), t.sub("stage"))
        if stage is not None and stage not in STAGES:
            self.add(
                t.get("stage"),
                t.sub("stage"),
                f"unknown stage `{stage}`{suggest(stage, STAGES)}; use one of: {', '.join(STAGES)}",
            )
        channel = self.slug(t.get("channel"), t.sub("channel"))
        weight = self.number(t.get("weight"), t.sub("weight"), 0)
        photos_min, photos_max = self._photos(t)
        audio_max, audio_seconds = self._audio(t)
        criteria = []
        items = self.items(t.require("criteria"), t.sub("criteria"), 1, "criterion") or []
        for i, c in enumerate(items):
            criterion = self._criterion(c, child_path(t.sub("criteria"), i), weight)
            if criterion is not None:
                criteria.append(criterion)
        return Touchpoint(
            key=key,
            name=name,
            stage=stage,
            channel=channel,
            weight=1.0 if weight is None else weight,
            photos_min=photos_min,
            photos_max=photos_max,
            criteria=tuple(criteria),
            translations=texts,
            audio_max=audio_max,
            audio_max_seconds=audio_seconds,
        )

    def _counts(
        self, t: Fields, name: str, keys: tuple[str, str], least: int
    ) -> tuple[Fields, int | None, int | None] | None:
        """The optional mapping `name` with its two whole numbers (at least `least`; None
        where absent or wrong), or None when the touchpoint has no such mapping to read."""
        node = t.get(name)
        if node is None:
            return None
        m = self.fields(node, t.sub(name), keys, f"`{name}`")
        if m is None:
            return None
        first, second = (self.integer(m.get(key), m.sub(key), least) for key in keys)
        return m, first, second

    def _photos(self, t: Fields) -> tuple[int, int]:
        read = self._counts(t, "photos", ("min", "max"), 0)
        if read is None:
            return 0, 10
        _, low, high = read
        low = 0 if low is None else low
        high = 10 if high is None else high
        if low > high:
            self.add(
                t.get("photos"), t.sub("photos"), f"`min` ({low}) must not exceed `max` ({high})"
            )
        return low, high

    def _audio(self, t: Fields) -> tuple[int, int]:
        """`audio: {max, max_seconds}`: (0, 0) when the touchpoint asks for no recording."""
        read = self._counts(t, "audio", ("max", "max_seconds"), 1)
        if read is None:
            return 0, 0
        a, most, seconds = read
        if most is not None and most > AUDIO_MAX_LIMIT:
            self.add(a.get("max"), a.sub("max"), f"at most {AUDIO_MAX_LIMIT} recordings")
        if seconds is not None and seconds > AUDIO_SECONDS_LIMIT:
            self.add(
                a.get("max_seconds"),
                a.sub("max_seconds"),
                f"at most {AUDIO_SECONDS_LIMIT} seconds (one hour)",
            )
        return (
            AUDIO_MAX_DEFAULT if most is None else most,
            AUDIO_SECONDS_DEFAULT if seconds is None else seconds,
        )

    def _criterion(self, node: Node, path: str, tp_weight: float | None) -> Criterion | None:
        c = self.fields(node, path, CRITERION_FIELDS, "a criterion")
        if c is None:
            return None
        before = len(self.problems)
        key = self.slug(c.require("key"), c.sub("key"))
        if key is not None:
            self.unique(key, c.get("key"), c.sub("key"), self.seen_criteria, "criterion key")
        texts: dict[str, dict[str, str]] = {}
        text = self.local(c, "text", texts, required=True, nonempty=True)
        pillar = self.text(c.require("pillar"), c.sub("pillar"), nonempty=True)
        if pillar is not None and self.pillars is not None and pillar not in self.pillars:
            self.add(
                c.get("pillar"),
                c.sub("pillar"),
                f"unknown pillar `{pillar}`"
                f"{suggest(pillar, self.pillars)}; declared: {', '.join(self.pillars)}",
            )
        type_ = self.text(c.require("type"), c.sub("type"), nonempty=True)
        if type_ is not None and type_ not in TYPES:
            self.add(
                c.get("type"),
                c.sub("type"),
                f"unknown type `{type_}`{suggest(type_, TYPES)}; use one of: {', '.join(TYPES)}",
            )
            type_ = None
        extra: dict[str, Any] = {}
        if type_ is not None:
            extra = self._type_fields(c, type_)
        flags = {}
        for flag in ("critical", "na", "required", "comment_on_fail", "photo_on_fail"):
            flags[flag] = self.boolean(c.get(flag), c.sub(flag))
        weight = self.number(c.get("weight"), c.sub("weight"), 0)
        pass_at = self.number(c.get("pass_at"), c.sub("pass_at"), 0, 1)
        guidance = self.local(c, "guidance", texts)
        show_if = self._show_if(c, key)
        if len(self.problems) > before or type_ is None:
            return None
        if pass_at is None and type_ != "text":
            pass_at = 1.0 if type_ == "yes_no" else 0.5
        criterion = Criterion(
            key=key,
            text=text,
            pillar=pillar,
            type=type_,
            weight=1.0 if weight is None else weight,
            critical=bool(flags["critical"]),
            na=bool(flags["na"]),
            required=(type_ != "text") if flags["required"] is None else flags["required"],
            guidance=guidance,
            show_if=show_if,
            pass_at=pass_at,
            comment_on_fail=bool(flags["comment_on_fail"]),
            photo_on_fail=bool(flags["photo_on_fail"]),
            translations=texts,
            **extra,
        )
        self.built[key] = criterion
        return criterion

    def _type_fields(self, c: Fields, type_: str) -> dict[str, Any]:
        for name in CRITERION_FIELDS[len(COMMON_FIELDS) :]:
            if c.get(name) is not None and name not in TYPE_FIELDS[type_]:
                owner = next(t for t, names in TYPE_FIELDS.items() if name in names)
                self.add(
                    c.key_node(name),
                    c.sub(name),
                    f"`{name}` is only allowed on {owner} criteria, not on {type_}",
                )
        if type_ == "text":
            for name in NOT_ON_TEXT:
                if c.get(name) is not None:
                    self.add(
                        c.key_node(name),
                        c.sub(name),
                        f"`{name}` is not allowed on text criteria (they are never scored)",
                    )
        if type_ == "yes_no":
            node = c.get("expected")
            if node is None:
                return {"expected": "yes"}
            value = _yes_no_literal(node)
            if value is None:
                self.add(node, c.sub("expected"), f"must be yes or no, got {node.value!s}")
            return {"expected": value}
        if type_ == "scale":
            low = self.integer(c.get("min"), c.sub("min"))
            high = self.integer(c.get("max"), c.sub("max"))
            low = 1 if low is None else low
            high = 5 if high is None else high
            if low >= high:
                where = c.get("max") or c.get("min") or c.node
                self.add(where, c.sub("max"), f"`max` ({high}) must be greater than `min` ({low})")
            return {"min": low, "max": high}
        if type_ == "choice":
            return {"options": self._options(c)}
        if type_ == "number":
            return {"bands": self._bands(c)}
        return {}

    def _options(self, c: Fields) -> tuple[Option, ...]:
        items = self.items(c.require("options"), c.sub("options"), 2, "options") or []
        options: list[Option] = []
        seen: dict[str, int] = {}
        for i, node in enumerate(items):
            path = child_path(c.sub("options"), i)
            o = self.fields(node, path, ("value", "label", "score"), "an option")
            if o is None:
                continue
            value = self._option_value(o.require("value"), o.sub("value"))
            if value is not None:
                self.unique(value, o.get("value"), o.sub("value"), seen, "option value")
            texts: dict[str, dict[str, str]] = {}
            label = self.local(o, "label", texts)
            score = self.number(o.require("score"), o.sub("score"), 0, 1)
            if value is not None and score is not None:
                options.append(Option(value, value if label is None else label, score, texts))
        return tuple(options)

    def _option_value(self, node: Node | None, path: str) -> str | None:
        if node is None:
            return None
        value = scalar(node) if isinstance(node, ScalarNode) else None
        if not isinstance(value, str | int) or isinstance(value, bool):
            hint = f" (put `{node.value}` in quotes)" if isinstance(node, ScalarNode) else ""
            self.add(node, path, f"must be text or a whole number, got {describe(node)}{hint}")
            return None
        value = str(value)
        if not value.strip() or value.strip().upper() == NA:
            self.add(node, path, f"`{value}` cannot be an option value (it means unanswered / N/A)")
            return None
        return value

    def _bands(self, c: Fields) -> tuple[Band, ...]:
        items = self.items(c.require("bands"), c.sub("bands"), 1, "band") or []
        bands: list[Band] = []
        for i, node in enumerate(items):
            path = child_path(c.sub("bands"), i)
            b = self.fields(node, path, ("min", "max", "score"), "a band")
            if b is None:
                continue
            low = self.number(b.get("min"), b.sub("min"))
            high = self.number(b.get("max"), b.sub("max"))
            score = self.number(b.require("score"), b.sub("score"), 0, 1)
            if low is not None and high is not None and low > high:
                self.add(b.get("max"), b.sub("max"), f"`max` ({high:g}) is below `min` ({low:g})")
            if score is not None:
                bands.append(Band(low, high, score))
        return tuple(bands)

    def _show_if(self, c: Fields, own: str | None) -> ShowIf | None:
        node = c.get("show_if")
        if node is None:
            return None
        path = c.sub("show_if")
        s = self.fields(node, path, ("criterion", "equals", "in"), "`show_if`")
        if s is None:
            return None
        ref = self.slug(s.require("criterion"), s.sub("criterion"))
        equals, any_of = s.get("equals"), s.get("in")
        if (equals is None) == (any_of is None):
            self.add(node, path, "needs exactly one of `equals` or `in`")
            return None
        if ref is None:
            return None
        ref_node = s.get("criterion")
        if ref == own:
            self.add(ref_node, s.sub("criterion"), "a criterion cannot depend on itself")
            return None
        if ref not in self.order:
            self.add(
                ref_node, s.sub("criterion"), f"unknown criterion `{ref}`{suggest(ref, self.order)}"
            )
            return None
        if own is not None and self.order[ref] > self.order.get(own, -1):
            self.add(
                ref_node,
                s.sub("criterion"),
                f"`{ref}` comes later in the file; show_if may only refer to an earlier one",
            )
            return None
        if equals is not None:
            raw_nodes, paths, operator = [equals], [s.sub("equals")], "equals"
        else:
            raw_nodes = self.items(any_of, s.sub("in"), 1, "value") or []
            paths = [child_path(s.sub("in"), i) for i in range(len(raw_nodes))]
            operator = "in"
        target = self.built.get(ref)
        values = []
        for raw, vpath in zip(raw_nodes, paths, strict=True):
            value = self._show_value(raw, vpath, ref, target)
            if value is not None:
                values.append(value)
        return ShowIf(ref, tuple(values), operator)

    def _show_value(self, node: Node, path: str, ref: str, target: Criterion | None) -> Any:
        if not isinstance(node, ScalarNode):
            self.add(node, path, f"must be a single answer of `{ref}`, not a list or mapping")
            return None
        if target is None:  # the referenced criterion has problems of its own
            return None
        raw = scalar(node)
        try:
            value = normalise(target, raw, allow_na=False)
        except InvalidAnswer as exc:
            self.add(node, path, f"`{ref}` can never be answered `{node.value}`: {exc}")
            return None
        if value is None:
            self.add(node, path, f"an empty value never matches an answer of `{ref}`")
        return value


def _yes_no_literal(node: Node) -> str | None:
    value = scalar(node) if isinstance(node, ScalarNode) else None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str) and value.strip().lower() in ("yes", "no"):
        return value.strip().lower()
    return None


def _criterion_nodes(touchpoint: Node) -> list[Node]:
    if isinstance(touchpoint, MappingNode):
        for key, value in touchpoint.value:
            if key.value == "criteria" and isinstance(value, SequenceNode):
                return list(value.value)
    return []


def _key_of(criterion: Node) -> str | None:
    if isinstance(criterion, MappingNode):
        for key, value in criterion.value:
            if key.value == "key" and isinstance(value, ScalarNode) and value.tag == STR_TAG:
                return value.value
    return None
