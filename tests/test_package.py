"""The helper package's own shape: imports between its modules run one way."""

import ast
from pathlib import Path

import helpers

PACKAGE = Path(helpers.__file__).parent


def _imports() -> dict[str, set[str]]:
    """``{module: helpers modules it imports}``, top-level and inside functions alike."""
    graph = {}
    for path in PACKAGE.glob("*.py"):
        name = path.stem
        found = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                if node.module == "helpers":
                    found |= {alias.name for alias in node.names}
                elif node.module.startswith("helpers."):
                    found.add(node.module.split(".")[1])
            elif isinstance(node, ast.Import):
                found |= {a.name.split(".")[1] for a in node.names if a.name.startswith("helpers.")}
        graph[name] = {m for m in found if (PACKAGE / f"{m}.py").is_file() and m != name}
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node):
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_import_circle_between_helper_modules():
    graph = _imports()
    assert {"inference", "training", "encoders", "features"} <= set(graph)
    cycle = _cycle(graph)
    assert cycle is None, " -> ".join(cycle)


def test_the_cycle_finder_finds_a_circle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_the_package_guide_names_every_module():
    """``helpers``' docstring is the map a reader uses to find code by its name."""
    modules = {path.stem for path in PACKAGE.glob("*.py")} - {"__init__"}
    unnamed = sorted(m for m in modules if f":mod:`helpers.{m}`" not in helpers.__doc__)
    assert not unnamed, f"helpers/__init__.py does not say what these hold: {unnamed}"
