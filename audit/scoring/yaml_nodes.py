"""Safe YAML composing to nodes with line numbers, and the file-level refusals of section 5.

Files are composed (never constructed) by a safe loader whose composer does not expand
aliases, so a "billion laughs" file costs nothing; anchors, aliases, explicit tags, merge
keys, non-string keys, several documents and files over 1 MiB are then refused.
"""

from __future__ import annotations

import math

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent, MappingStartEvent, ScalarEvent, SequenceStartEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import Resolver
from yaml.scanner import Scanner
from yaml.tokens import ScalarToken

from audit.scoring.errors import Problem

MAX_BYTES = 1024 * 1024
# Our own limits, checked before PyYAML's (whose wording and limits change between releases):
# a checklist is about 6 levels deep; no weight or score needs more than 15 digits.
MAX_DEPTH = 64
MAX_INT_DIGITS = 15
ROOT = "<root>"
STR_TAG = "tag:yaml.org,2002:str"
INT_TAG = "tag:yaml.org,2002:int"
FLOAT_TAG = "tag:yaml.org,2002:float"
BOOL_TAG = "tag:yaml.org,2002:bool"
NULL_TAG = "tag:yaml.org,2002:null"
MERGE_TAG = "tag:yaml.org,2002:merge"

_constructor = SafeConstructor()


class TooDeep(Exception):
    """The document nests deeper than MAX_DEPTH; `line` is where it went past it."""

    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


class _NodeComposer(Composer):
    """A composer that records anchors, tags and aliases on nodes instead of honouring them."""

    depth = 0

    def compose_node(self, parent: Node | None, index: object) -> Node:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise TooDeep(self.peek_event().start_mark.line + 1)
            return self._compose_node(parent, index)
        finally:
            self.depth -= 1

    def _compose_node(self, parent: Node | None, index: object) -> Node:
        if self.check_event(AliasEvent):
            event = self.get_event()
            node = ScalarNode(NULL_TAG, "", event.start_mark, event.end_mark)
            node.refusal = f"YAML aliases are not allowed (`*{event.anchor}`)"
            return node
        event = self.peek_event()
        self.descend_resolver(parent, index)
        if self.check_event(ScalarEvent):
            node = self.compose_scalar_node(None)
        elif self.check_event(SequenceStartEvent):
            node = self.compose_sequence_node(None)
        else:
            assert self.check_event(MappingStartEvent)
            node = self.compose_mapping_node(None)
        self.ascend_resolver()
        if event.anchor is not None:
            node.refusal = f"YAML anchors are not allowed (`&{event.anchor}`)"
        elif event.tag is not None:
            node.refusal = f"explicit YAML tags are not allowed (`{event.tag}`)"
        return node


_BLANKS = "\0 \t\r\n\x85\u2028\u2029"


class _Scanner(Scanner):
    """PyYAML's scanner, except that `?` may occur inside a plain scalar in flow context.

    YAML 1.2 allows `{text: Greeted?, pillar: people}` (docs/scoring.md's worked example);
    PyYAML follows YAML 1.1 and ends the scalar at `?`, which is then a syntax error.
    """

    def _after_colon(self) -> str:
        return ",[]{}" if self.flow_level else ""

    def scan_plain(self) -> ScalarToken:
        chunks: list[str] = []
        start_mark = self.get_mark()
        end_mark = start_mark
        indent = self.indent + 1
        spaces: list[str] = []
        while True:
            length = 0
            if self.peek() == "#":
                break
            while True:
                ch = self.peek(length)
                if (
                    ch in _BLANKS
                    or (ch == ":" and self.peek(length + 1) in _BLANKS + self._after_colon())
                    or (self.flow_level and ch in ",[]{}")
                ):
                    break
                length += 1
            if length == 0:
                break
            self.allow_simple_key = False
            chunks.extend(spaces)
            chunks.append(self.prefix(length))
            self.forward(length)
            end_mark = self.get_mark()
            spaces = self.scan_plain_spaces(indent, start_mark)
            if not spaces or self.peek() == "#" or (not self.flow_level and self.column < indent):
                break
        return ScalarToken("".join(chunks), True, start_mark, end_mark)


class _NodeLoader(Reader, _Scanner, Parser, _NodeComposer, Resolver):
    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        _Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        Resolver.__init__(self)


try:  # libyaml parses about five times faster; its events feed the same composer
    from yaml._yaml import CParser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    CParser = None

if CParser is not None:

    class _FastNodeLoader(CParser, _NodeComposer, Resolver):
        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            Composer.__init__(self)
            Resolver.__init__(self)

    _Loader: type = _FastNodeLoader
else:  # pragma: no cover
    _Loader = _NodeLoader

# The safe loader's implicit resolvers (bool, int, float, null, timestamp, merge, ...).
for _cls in {_NodeLoader, _Loader}:
    _cls.yaml_implicit_resolvers = yaml.SafeLoader.yaml_implicit_resolvers


def line_of(node: Node) -> int:
    """The 1-based line where a node starts."""
    return node.start_mark.line + 1


def decode(source: str | bytes) -> tuple[str | None, list[Problem]]:
    """Check the size and decode to text; file-level problems have line 0."""
    size = len(source) if isinstance(source, bytes) else len(source.encode("utf-8", "replace"))
    if size > MAX_BYTES:
        return None, [Problem(0, ROOT, f"the file is too large ({size} bytes; at most 1 MiB)")]
    if isinstance(source, bytes):
        try:
            source = source.decode("utf-8-sig")
        except UnicodeDecodeError:
            return None, [Problem(0, ROOT, "the file is not UTF-8 text")]
    return source.removeprefix("\ufeff"), []


def compose(source: str | bytes) -> tuple[Node | None, list[Problem]]:
    """Compose one YAML document to nodes; return (root or None if empty, problems)."""
    text, problems = decode(source)
    if text is None:
        return None, problems
    loader = _Loader(text)
    try:
        loader.get_event()  # stream start
        if loader.check_event(yaml.StreamEndEvent):
            return None, []
        root = loader.compose_document()
        if not loader.check_event(yaml.StreamEndEvent):
            return None, [Problem(0, ROOT, "the file holds several YAML documents; keep one")]
    except TooDeep as exc:
        return None, [Problem(exc.line, ROOT, _too_deep)]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        what = exc.problem or exc.context or "invalid YAML"
        return None, [Problem(line, ROOT, f"YAML syntax error: {what}")]
    except yaml.YAMLError as exc:
        return None, [Problem(0, ROOT, f"YAML error: {exc}")]
    except RecursionError:
        return None, [Problem(0, ROOT, _too_deep)]
    finally:
        loader.dispose()
    return root, refusals(root)


_too_deep = f"the file is nested too deeply (at most {MAX_DEPTH} levels)"


def child_path(path: str, part: str | int) -> str:
    """The document path of a mapping field or a sequence item under `path`."""
    if isinstance(part, int):
        return f"{path}[{part}]"
    return part if path == ROOT else f"{path}.{part}"


def refusals(root: Node) -> list[Problem]:
    """Anchors, aliases, explicit tags, merge keys and non-string keys anywhere in the tree."""
    problems: list[Problem] = []
    stack: list[tuple[Node, str]] = [(root, ROOT)]
    while stack:
        node, path = stack.pop()
        refusal = getattr(node, "refusal", None) or _number_refusal(node)
        if refusal:
            problems.append(Problem(line_of(node), path, refusal))
        if isinstance(node, SequenceNode):
            stack.extend((item, child_path(path, i)) for i, item in enumerate(node.value))
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                if isinstance(key, ScalarNode) and key.tag == MERGE_TAG:
                    problems.append(
                        Problem(line_of(key), path, "merge keys (`<<`) are not allowed")
                    )
                elif not isinstance(key, ScalarNode) or key.tag != STR_TAG:
                    shown = key.value if isinstance(key, ScalarNode) else "a collection"
                    problems.append(
                        Problem(line_of(key), path, f"field names must be text, not `{shown}`")
                    )
                else:
                    stack.append((key, path))
                    stack.append((value, child_path(path, key.value)))
    return problems


def _number_refusal(node: Node) -> str | None:
    """Integers too long to be a weight or a score (Python refuses past 4,300 digits)."""
    if isinstance(node, ScalarNode) and node.tag == INT_TAG:
        digits = sum(ch.isdigit() for ch in node.value)
        if digits > MAX_INT_DIGITS:
            return f"the number is too long ({digits} digits; at most {MAX_INT_DIGITS})"
    return None


def scalar(node: ScalarNode) -> object:
    """The Python value of a scalar node: str, int, float, bool or None (dates stay text)."""
    tag = node.tag
    if tag == STR_TAG:
        return node.value
    if tag == INT_TAG:
        return _constructor.construct_yaml_int(node)
    if tag == FLOAT_TAG:
        return _constructor.construct_yaml_float(node)
    if tag == BOOL_TAG:
        return _constructor.construct_yaml_bool(node)
    if tag == NULL_TAG:
        return None
    return node.value


def is_number(value: object) -> bool:
    """A finite int or float, not a bool."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def plain(node: Node) -> object:
    """Convert a refusal-free node tree to plain Python values (first duplicate key wins)."""
    if isinstance(node, ScalarNode):
        return scalar(node)
    if isinstance(node, SequenceNode):
        return [plain(item) for item in node.value]
    result: dict[str, object] = {}
    for key, value in node.value:
        result.setdefault(key.value, plain(value))
    return result
