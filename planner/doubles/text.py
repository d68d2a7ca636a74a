"""Safe, formatted Python text for the generated files.

Everything the generated code says that came from outside planner (names,
docstrings, source snippets, paths) goes through here:

- :func:`string_literal` and :func:`docstring_literal` turn any text into a
  literal that evaluates back to exactly that text (checked with
  :func:`ast.literal_eval`), so no text can end a string early;
- :func:`comment` puts text in a comment only if it is printable (no line
  break can end the comment early), else its ``repr``;
- :func:`is_identifier` / :func:`is_module_name` guard every name that
  becomes code;
- :func:`requote` gives :func:`ast.unparse` output ruff's double quotes, and
  :func:`bracketed` lays out a bracketed list the way ruff format does
  (one line, else one item per line with a trailing comma), so generated
  files come out formatted.
"""

from __future__ import annotations

import ast
import io
import keyword
import tokenize
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "LINE_LENGTH",
    "Param",
    "bracketed",
    "layout",
    "comment",
    "docstring_literal",
    "is_identifier",
    "is_module_name",
    "requote",
    "signature_lines",
    "string_literal",
]

LINE_LENGTH = 88
"""ruff format's default line length, which the generated files follow."""

_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\0": "\\x00"}


def is_identifier(name: object) -> bool:
    """A Python identifier that is not a keyword (``match`` and the like are fine)."""
    return isinstance(name, str) and name.isidentifier() and not keyword.iskeyword(name)


def is_module_name(name: object) -> bool:
    """A dotted module name whose every part is an identifier."""
    return isinstance(name, str) and all(is_identifier(part) for part in name.split("."))


def _escape(ch: str, quote: str) -> str:
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    if ch == quote:
        return "\\" + ch
    if not ch.isprintable():
        code = ord(ch)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
    return ch


def string_literal(text: str, *, prefix: str = "") -> str:
    """A one-line literal for ``text``: double quotes unless single ones need fewer escapes."""
    quote = "'" if text.count('"') > text.count("'") else '"'
    literal = prefix + quote + "".join(_escape(ch, quote) for ch in text) + quote
    assert ast.literal_eval(literal) == text
    return literal


def bytes_literal(data: bytes, *, prefix: str = "b") -> str:
    """A one-line literal for ``data``, in ruff's preferred quotes."""
    quote = "'" if data.count(b'"') > data.count(b"'") else '"'
    chars = []
    for byte in data:
        ch = chr(byte)
        if ch in _ESCAPES:
            chars.append(_ESCAPES[ch])
        elif ch == quote:
            chars.append("\\" + ch)
        elif 32 <= byte < 127:
            chars.append(ch)
        else:
            chars.append(f"\\x{byte:02x}")
    literal = prefix + quote + "".join(chars) + quote
    assert ast.literal_eval(literal) == data
    return literal


def docstring_literal(text: str) -> str:
    """A triple-quoted literal whose value is exactly ``text`` (a docstring kept byte for byte).

    Falls back to :func:`string_literal` when the text cannot be written that
    way (it ends with a quote or a backslash, or holds a control character).
    """
    body = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    ok = (
        not text.endswith(('"', "\\"))
        and all(ch.isprintable() or ch in "\n\t" for ch in text)
        and "\r" not in text
        and "\t" not in text
    )
    if ok:
        literal = '"""' + body + '"""'
        try:
            if ast.literal_eval(literal) == text:
                return literal
        except (SyntaxError, ValueError):
            pass
    return string_literal(text)


def comment(text: str) -> str:
    """``# text``, or ``# 'te\\nxt'`` when the text could end the comment."""
    return "# " + (text if text.isprintable() else repr(text))


def requote(code: str) -> str:
    """``code`` (from :func:`ast.unparse`) with its plain strings in ruff's preferred quotes."""
    if "'" not in code and '"' not in code:
        return code
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(code).readline))
    except (tokenize.TokenError, SyntaxError):
        return code
    out = []
    last = (1, 0)
    lines = code.split("\n")
    for tok in tokens:
        if tok.type == tokenize.ENDMARKER:
            break
        out.append(_between(lines, last, tok.start))
        text = tok.string
        if tok.type == tokenize.STRING:
            text = _requote_string(text)
        out.append(text)
        last = tok.end
    out.append(_between(lines, last, (len(lines), len(lines[-1]))))
    return "".join(out)


def _between(lines: list[str], start: tuple[int, int], end: tuple[int, int]) -> str:
    (r0, c0), (r1, c1) = start, end
    if r0 == r1:
        return lines[r0 - 1][c0:c1]
    parts = [lines[r0 - 1][c0:], *lines[r0 : r1 - 1], lines[r1 - 1][:c1]]
    return "\n".join(parts)


def _requote_string(token: str) -> str:
    prefix = ""
    while token and token[0] not in "'\"":
        prefix += token[0]
        token = token[1:]
    if token.startswith(("'''", '"""')):
        return prefix + token
    if "f" in prefix.lower() or "r" in prefix.lower():
        body = token[1:-1]
        plain = token[0] == "'" and not any(ch in body for ch in "\"'")
        return prefix + (f'"{body}"' if plain else token)  # as ruff format, where nothing inside changes
    try:
        value = ast.literal_eval(prefix + token)
    except (SyntaxError, ValueError):
        return prefix + token
    if isinstance(value, bytes):
        return bytes_literal(value, prefix=prefix)
    return string_literal(value, prefix=prefix)


def bracketed(
    head: str, items: Sequence[str], tail: str, *, indent: str = "", hug: bool = False, width: int = LINE_LENGTH
) -> str:
    """``head`` + items + ``tail`` laid out as ruff format would (see the module docstring).

    ``head`` ends with the opening bracket and ``tail`` starts with the closing one.
    ``hug``: items that fit on one indented line may stay together (ruff does
    that for class bases, not for parameters, calls or lists).
    """
    one = f"{indent}{head}{', '.join(items)}{tail}"
    if len(one) <= width and "\n" not in one:
        return one
    inner = indent + "    "
    if items and hug:
        joined = inner + ", ".join(items)
        if len(joined) <= width and "\n" not in joined and "#" not in joined:
            return f"{indent}{head}\n{joined}\n{indent}{tail}"
    lines = [f"{indent}{head}"]
    for item in items:
        lines += _item_lines(item, inner, width)
    return "\n".join([*lines, f"{indent}{tail}"])


def _item_lines(item: str, indent: str, width: int) -> list[str]:
    """One item of a bracketed list on its own line, its own brackets opened where it is too long
    (a class base ``_planner.base("urllib3.exceptions", "HTTPError", ...)``)."""
    one = f"{indent}{item},"
    if len(one) <= width or "\n" in item:
        return [one]
    try:
        expr = ast.parse(item, mode="eval").body
    except SyntaxError:  # a parameter or a keyword (``x: int = 1``, ``metaclass=...``): kept whole
        return [one]
    return layout(expr, "", ",", indent=indent, width=width)


def layout(expr: ast.expr, head: str, tail: str = "", *, indent: str = "", width: int = LINE_LENGTH) -> list[str]:
    """``head`` + ``expr`` + ``tail`` as lines, the way ruff format lays them out.

    One line if it fits; else the outermost brackets of ``expr`` open: the
    arguments of a call or the items of a subscript on one indented line if
    they fit there, else one per line with a trailing comma (always so for a
    list, tuple, set or dict), each laid out the same way in turn.
    """
    one = f"{indent}{head}{_code(expr)}{tail}"
    if len(one) <= width:
        return [one]
    inner = indent + "    "
    items: list[tuple[str, ast.expr]]
    hug = True
    if isinstance(expr, ast.Call) and (expr.args or expr.keywords):
        opening, closing = _code(expr.func) + "(", ")"
        items = [("", arg) for arg in expr.args]
        items += [("**" if kw.arg is None else f"{kw.arg}=", kw.value) for kw in expr.keywords]
    elif isinstance(expr, ast.Subscript):
        opening, closing = _code(expr.value) + "[", "]"
        if not isinstance(expr.slice, ast.Tuple) or not expr.slice.elts:
            return [
                f"{indent}{head}{opening}",
                *layout(expr.slice, "", "", indent=inner, width=width),
                f"{indent}{closing}{tail}",
            ]
        items = [("", element) for element in expr.slice.elts]
    elif isinstance(expr, ast.List | ast.Set | ast.Tuple) and expr.elts:
        brackets = "[]" if isinstance(expr, ast.List) else "{}" if isinstance(expr, ast.Set) else "()"
        opening, closing = brackets[0], brackets[1]
        items = [("", element) for element in expr.elts]
        hug = False
    elif isinstance(expr, ast.Dict) and expr.keys:
        opening, closing = "{", "}"
        items = [
            ("**" if key is None else _code(key) + ": ", value)
            for key, value in zip(expr.keys, expr.values, strict=True)
        ]
        hug = False
    else:
        code = _code(expr)
        if head.endswith("= ") and not tail and isinstance(expr, ast.Constant) and len(inner + code) <= width:
            return [f"{indent}{head}(", inner + code, f"{indent})"]  # as ruff format: parenthesized, it fits
        return [one]
    texts = [prefix + _code(item) for prefix, item in items]
    return hugged(
        f"{indent}{head}{opening}", texts, f"{indent}{closing}{tail}", indent=inner, width=width, hug=hug
    ) or [
        f"{indent}{head}{opening}",
        *(line for prefix, item in items for line in layout(item, prefix, ",", indent=inner, width=width)),
        f"{indent}{closing}{tail}",
    ]


def hugged(
    first: str, items: Sequence[str], last: str, *, indent: str, width: int = LINE_LENGTH, hug: bool = True
) -> list[str] | None:
    """``[first, items on one line at indent, last]`` if ``hug`` and that line fits, else ``None``."""
    line = indent + ", ".join(items)
    if hug and items and len(line) <= width and len(last) <= width:
        return [first, line, last]
    return None


def _code(expr: ast.expr) -> str:
    return requote(ast.unparse(expr))


@dataclass(frozen=True)
class Param:
    """One parameter as the stub writes it: ``name`` (with its stars), annotation and default code."""

    name: str
    annotation: str | None = None
    default: str | None = None

    @property
    def text(self) -> str:
        text = self.name if self.annotation is None else f"{self.name}: {self.annotation}"
        if self.default is not None:
            text += f" = {self.default}" if self.annotation is not None else f"={self.default}"
        return text


def signature_lines(head: str, params: list[Param], tail: str, indent: str, *, width: int = LINE_LENGTH) -> list[str]:
    """``def name(`` + parameters + ``) -> R:`` laid out as ruff format does."""
    texts = [param.text for param in params]
    one = f"{indent}{head}{', '.join(texts)}{tail}"
    if len(one) <= width:
        return [one]
    inner = indent + "    "
    # A lone parameter gets a trailing comma when split off (ruff and black do so for a def).
    hug = hugged(
        indent + head, [f"{texts[0]},"] if len(texts) == 1 else texts, indent + tail, indent=inner, width=width
    )
    if hug is not None:
        return hug
    lines = [indent + head]
    for param, text in zip(params, texts, strict=True):
        if len(inner + text) < width or (param.annotation is None and param.default is None):
            lines.append(f"{inner}{text},")
        elif param.annotation is not None:
            rest = f" = {param.default}," if param.default is not None else ","
            annotation = ast.parse(param.annotation, mode="eval").body
            lines += _union_lines(annotation, f"{param.name}: ", rest, inner, width) or layout(
                annotation, f"{param.name}: ", rest, indent=inner, width=width
            )
        else:
            assert param.default is not None
            lines += layout(
                ast.parse(param.default, mode="eval").body, f"{param.name}=", ",", indent=inner, width=width
            )
    lines.append(indent + tail)
    return lines


def _union_lines(annotation: ast.expr, head: str, tail: str, indent: str, width: int) -> list[str] | None:
    """A parameter's ``A | B | None`` annotation too long for its line, as ruff format splits it:
    one operand a line, ``| `` before each but the first, each laid out in turn; ``None`` if it
    is no union."""
    operands: list[ast.expr] = []
    node = annotation
    while isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        operands.insert(0, node.right)
        node = node.left
    if not operands:
        return None
    operands.insert(0, node)
    lines: list[str] = []
    for i, operand in enumerate(operands):
        prefix = head if i == 0 else "| "
        last = i == len(operands) - 1
        if isinstance(operand, ast.BinOp) and isinstance(operand.op, ast.BitOr):  # ``None | (A | B)``
            lines.append(f"{indent}{prefix}({_code(operand)}){tail if last else ''}")
        else:
            lines += layout(operand, prefix, tail if last else "", indent=indent, width=width)
    return lines
