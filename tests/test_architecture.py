"""Structural rules: the domain never imports telegram; migrations build exactly the models."""
import ast
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import bot.db.models  # noqa: F401
from bot.db.base import Base

ROOT = Path(__file__).resolve().parent.parent
# Only the wiring may import telegram inside bot/: the composition root, its update ordering and the webhook.
ALLOWED = {ROOT / "bot" / "app.py", ROOT / "bot" / "ordering.py", *(ROOT / "bot" / "webhook").glob("*.py")}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_domain_never_imports_telegram():
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "bot").rglob("*.py")
                 if p not in ALLOWED and "telegram" in _imports(p)]
    assert offenders == []


async def test_migrations_match_models(db):
    """Every model column/table is created by a migration, on SQLite and PostgreSQL alike."""
    def diff(connection):
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        return compare_metadata(context, Base.metadata)

    async with db.engine.connect() as conn:
        changes = await conn.run_sync(diff)
    # index/constraint naming differences are not schema drift; tables and columns are.
    relevant = [c for c in changes if isinstance(c, tuple) and c[0] in ("add_table", "remove_table", "add_column", "remove_column")]
    assert relevant == []


def test_the_running_bot_leaves_heavy_libraries_until_they_are_needed():
    """matplotlib (with numpy and Pillow), openpyxl and segno are ~50 MB of every instance's memory for
    charts, spreadsheets and QR codes only organisers ask for: imported where used, not at start."""
    import subprocess
    import sys

    code = ("import sys, bot.app, handlers, bot.cli, bot.webhook.server\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'matplotlib', 'numpy', 'PIL', 'openpyxl', 'segno'}))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
