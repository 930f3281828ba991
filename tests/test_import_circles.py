"""No circular imports between the project's modules, and no import inside a function that
hides one: moving any function-level import of a project module to the top of its module must
not create a circle. Imports inside functions remain only for other reasons (a heavy library
loaded on demand, Django's app loading), which this test lets through."""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PACKAGES = ("tracker", "corpus_import")


def project_modules(root: Path) -> dict[str, Path]:
    modules = {}
    for package in PACKAGES:
        for path in (root / package).rglob("*.py"):
            if "migrations" in path.parts:  # RunPython functions import inside by design
                continue
            parts = path.relative_to(root).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join(parts)] = path
    return modules


def imported(node: ast.Import | ast.ImportFrom, module: str, modules: dict) -> list[str]:
    """The project modules an import statement loads (`from a import b` may name module a.b)."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        base = node.module or ""
        if node.level:
            package = module.split(".")
            if modules[module].name != "__init__.py":
                package = package[:-1]
            package = package[: len(package) - node.level + 1]
            base = ".".join([*package, base] if base else package)
        names = [f"{base}.{alias.name}" for alias in node.names] + [base]
    found = []
    for name in names:
        while name not in modules and "." in name:
            name = name.rsplit(".", 1)[0]
        if name in modules and name.split(".")[0] in PACKAGES:
            found.append(name)
    return list(dict.fromkeys(found))


def import_graph(root: Path = ROOT) -> tuple[dict[str, set[str]], list[tuple[str, int, str]]]:
    """Module-level imports per module, and (module, line, target) for those in functions."""
    modules = project_modules(root)
    top: dict[str, set[str]] = {name: set() for name in modules}
    inner: list[tuple[str, int, str]] = []

    def visit(module: str, node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import | ast.ImportFrom):
                for target in imported(child, module, modules):
                    if target == module:
                        continue
                    if in_function:
                        inner.append((module, child.lineno, target))
                    else:
                        top[module].add(target)
            function = isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
            visit(module, child, in_function or function)

    for name, path in modules.items():
        visit(name, ast.parse(path.read_text(encoding="utf-8")), False)
    return top, inner


def reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    stack = [start]
    while stack:
        for target in graph[stack.pop()]:
            if target not in seen:
                seen.add(target)
                stack.append(target)
    return seen


def test_the_module_level_imports_have_no_circle():
    top, _ = import_graph()
    circles = sorted(module for module in top if module in reachable(top, module))
    assert circles == []


def test_no_import_inside_a_function_hides_a_circle():
    top, inner = import_graph()
    hidden = [
        f"{module}:{line} imports {target}, which imports {module} back"
        for module, line, target in inner
        if module in reachable(top, target)
    ]
    assert hidden == []


def test_the_check_finds_a_circle_hidden_in_a_function(tmp_path):
    package = tmp_path / "tracker"
    package.mkdir()
    (package / "models.py").write_text("from tracker.querysets import QuerySet\n")
    (package / "querysets.py").write_text("def read():\n    from tracker.models import Model\n")

    top, inner = import_graph(tmp_path)

    assert inner == [("tracker.querysets", 2, "tracker.models")]
    assert "tracker.querysets" in reachable(top, "tracker.models")
