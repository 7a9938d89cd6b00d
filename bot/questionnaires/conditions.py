"""The `when` language: a tiny parser and evaluator for conditions on earlier answers (never eval).

Grammar:  expr := and ("or" and)* ; and := not ("and" not)* ; not := "not" not | cmp
          cmp  := atom [("=="|"!="|"<"|"<="|">"|">="|"in"|"not in") atom]
          atom := NAME | "string" | number | true | false | "(" expr ")"
A NAME is a question id and stands for its answer (None when unanswered or skipped);
`"x" in q5` tests a multiple choice; any comparison with an unanswered question is false.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping

from bot.texts import questionnaires as T

TOKEN = re.compile(r"""\s*(?:(?P<num>-?\d+(?:\.\d+)?)|(?P<str>"[^"]*"|'[^']*')|(?P<op>==|!=|<=|>=|<|>|\(|\))
                       |(?P<name>[A-Za-z_][A-Za-z0-9_]*))""", re.VERBOSE)
COMPARE = ("==", "!=", "<", "<=", ">", ">=", "in", "not in")
KEYWORDS = {"and", "or", "not", "in", "true", "false"}


class ConditionError(ValueError):
    """The condition text cannot be parsed; the message says where."""


@dataclass(frozen=True)
class Node:
    op: str  # "or" | "and" | "not" | one of COMPARE | "name" | "lit"
    args: tuple = ()
    value: Any = None


def _tokens(text: str) -> list[tuple[str, Any]]:
    out, pos = [], 0
    text = text.strip()
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise ConditionError(T.CONDITION["character"].format(pos=pos + 1, char=text[pos]))
        pos = m.end()
        if m.group("num") is not None:
            raw = m.group("num")
            out.append(("lit", float(raw) if "." in raw else int(raw)))
        elif m.group("str") is not None:
            out.append(("lit", m.group("str")[1:-1]))
        elif m.group("op") is not None:
            out.append(("op", m.group("op")))
        else:
            word = m.group("name")
            if word in ("true", "false"):
                out.append(("lit", word == "true"))
            elif word in KEYWORDS:
                out.append(("op", word))
            else:
                out.append(("name", word))
    return out


class _Parser:
    def __init__(self, text: str) -> None:
        self.toks = _tokens(text)
        self.i = 0

    def peek(self, ahead: int = 0) -> tuple[str, Any] | None:
        j = self.i + ahead
        return self.toks[j] if j < len(self.toks) else None

    def accept(self, op: str) -> bool:
        if self.peek() == ("op", op):
            self.i += 1
            return True
        return False

    def parse(self) -> Node:
        if not self.toks:
            raise ConditionError(T.CONDITION["empty"])
        node = self.expr()
        if self.peek() is not None:
            raise ConditionError(T.CONDITION["after"].format(token=self.peek()[1]))
        return node

    def expr(self) -> Node:
        node = self.conj()
        while self.accept("or"):
            node = Node("or", (node, self.conj()))
        return node

    def conj(self) -> Node:
        node = self.neg()
        while self.accept("and"):
            node = Node("and", (node, self.neg()))
        return node

    def neg(self) -> Node:
        if self.peek() == ("op", "not") and self.peek(1) != ("op", "in"):
            self.i += 1
            return Node("not", (self.neg(),))
        return self.cmp()

    def cmp(self) -> Node:
        left = self.atom()
        tok = self.peek()
        if tok == ("op", "not") and self.peek(1) == ("op", "in"):
            self.i += 2
            return Node("not in", (left, self.atom()))
        if tok is not None and tok[0] == "op" and tok[1] in COMPARE:
            self.i += 1
            return Node(tok[1], (left, self.atom()))
        return left

    def atom(self) -> Node:
        tok = self.peek()
        if tok is None:
            raise ConditionError(T.CONDITION["early"])
        self.i += 1
        if tok == ("op", "("):
            node = self.expr()
            if not self.accept(")"):
                raise ConditionError(T.CONDITION["paren"])
            return node
        if tok[0] == "name":
            return Node("name", value=tok[1])
        if tok[0] == "lit":
            return Node("lit", value=tok[1])
        raise ConditionError(T.CONDITION["unexpected"].format(token=tok[1]))


def parse(text: str) -> Node:
    """Parse a condition; ConditionError says what is wrong."""
    return _Parser(str(text)).parse()


def names(node: Node) -> list[str]:
    """Question ids the condition refers to, in order of appearance."""
    if node.op == "name":
        return [node.value]
    return [n for arg in node.args for n in names(arg)]


def comparisons(node: Node) -> list[tuple[str, Any]]:
    """(question id, literal) pairs compared or tested for membership, for value checks."""
    found = []
    if node.op in COMPARE:
        left, right = node.args
        if left.op == "name" and right.op == "lit":
            found.append((left.value, right.value))
        elif left.op == "lit" and right.op == "name":
            found.append((right.value, left.value))
    for arg in node.args:
        found.extend(comparisons(arg))
    return found


def evaluate(node: Node, answers: Mapping[str, Any]) -> bool:
    """True if the condition holds for these answers (question id -> value)."""
    return bool(_value(node, answers))


def _value(node: Node, answers: Mapping[str, Any]) -> Any:
    if node.op == "lit":
        return node.value
    if node.op == "name":
        return answers.get(node.value)
    if node.op == "or":
        return any(_value(a, answers) for a in node.args)
    if node.op == "and":
        return all(_value(a, answers) for a in node.args)
    if node.op == "not":
        return not _value(node.args[0], answers)
    left, right = (_value(a, answers) for a in node.args)
    if left is None or right is None:
        return False
    try:
        return _compare(node.op, left, right)
    except TypeError:
        return False


def _compare(op: str, left: Any, right: Any) -> bool:
    if op in ("in", "not in"):
        container = right if isinstance(right, (list, tuple, str)) else [right]
        inside = left in container
        return inside if op == "in" else not inside
    if op == "==":
        return left == right
    if op == "!=":
        return left != right
    if isinstance(left, (list, dict)) or isinstance(right, (list, dict)):
        return False
    return {"<": left < right, "<=": left <= right, ">": left > right, ">=": left >= right}[op]
