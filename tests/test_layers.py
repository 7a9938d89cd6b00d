"""The house's layers (docs/architecture.md, "Layers"): every import of bot/, handlers/ and web/ (lazy
imports inside functions included) goes down the layers or sideways, and no two modules import each other
through any path. A new feature that needs an upward import has put something in the wrong place."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOUNDATIONS = ("bot.config", "bot.clock", "bot.errors", "bot.texts", "bot.timefmt", "bot.reply", "bot.logs",
               "bot.untrusted", "bot.spreadsheet", "bot.yamlfiles")
SCHEMA_MODULES = ("models", "web_models", "feed_models")  # tables: anyone may import them
# (prefix, layer): a module may import its own layer and those below, never above
LAYERS = [
    ("bot.db", 1),
    ("bot.outbox", 2),
    ("bot.catalogue", 3),
    ("bot.people", 4),
    ("bot.questionnaires", 5), ("bot.meetings", 5),
    ("bot.announcements", 6),
    ("bot.arrival", 7), ("bot.services", 7), ("bot.ordering", 7),
    ("handlers", 8), ("web", 8),  # the doors
    ("bot.app", 9), ("bot.cli", 9), ("bot.webhook", 9), ("bot.sandbox", 9), ("bot.bootstrap", 9),  # wiring
    ("bot", 0),  # the package itself
]


def _modules() -> dict[str, Path]:
    found = {}
    for top in ("bot", "handlers", "web"):
        for path in (ROOT / top).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The project modules `name` imports (a name imported from a package counts as the package)."""
    named: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            named.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".")[: None if path.name == "__init__.py" else -1]
                base = base[: len(base) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            submodules = [f"{module}.{alias.name}" for alias in node.names if f"{module}.{alias.name}" in modules]
            named.update(submodules)
            if len(submodules) < len(node.names):
                named.add(module)
    found = set()
    for module in named:
        while module and module not in modules:
            module = module.rpartition(".")[0]
        if module and module != name:
            found.add(module)
    return found


def _layer(module: str) -> int:
    if any(module == f or module.startswith(f + ".") for f in FOUNDATIONS):
        return 0
    if module.rsplit(".", 1)[-1] in SCHEMA_MODULES:
        return 1
    for prefix, layer in LAYERS:
        if module == prefix or module.startswith(prefix + "."):
            return layer
    raise AssertionError(f"{module} is in no layer: add it to LAYERS (and to docs/architecture.md)")


GRAPH = {name: _imports(name, path, _modules()) for name, path in _modules().items()}


def _upward(graph: dict[str, set[str]]) -> list[str]:
    return sorted(f"{m} (layer {_layer(m)}) imports {d} (layer {_layer(d)})"
                  for m, deps in graph.items() for d in deps if _layer(d) > _layer(m))


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components of more than one module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in graph:
        if module not in index:
            visit(module)
    return cycles


def test_every_import_goes_down_or_sideways():
    assert _upward(GRAPH) == []


def test_no_import_cycles():
    assert _cycles(GRAPH) == []


def test_the_checks_see_an_upward_import_and_a_cycle():
    """The checks are not vacuous: the graph is the real one, and a forged upward edge and cycle are caught."""
    assert len(GRAPH) > 150 and "bot.people.policy" in GRAPH["bot.questionnaires.service"]
    assert "bot.catalogue.service" in GRAPH["handlers.catalogue"]  # a lazy or top-level import alike
    forged = {**GRAPH, "bot.outbox.queue": GRAPH["bot.outbox.queue"] | {"bot.people.policy"}}
    assert _upward(forged) == ["bot.outbox.queue (layer 2) imports bot.people.policy (layer 4)"]
    looped = {**GRAPH, "bot.people.policy": GRAPH["bot.people.policy"] | {"bot.people.audit"},
              "bot.people.audit": GRAPH["bot.people.audit"] | {"bot.people.policy"}}
    assert ["bot.people.audit", "bot.people.policy"] in _cycles(looped)
    assert _layer("bot.people.models") == 1 and _layer("bot.texts.people") == 0


def test_handlers_hold_no_database_session():
    """Handlers translate; the services open the transactions (one per use case)."""
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "handlers").glob("*.py")
                 if any(call in p.read_text(encoding="utf-8") for call in (".session()", ".read()", ".begin()"))]
    assert offenders == []
