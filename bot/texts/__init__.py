"""Every user-facing Italian string lives in this package, one module per feature.

Templates use str.format fields; `render` escapes every value for Telegram's HTML parse mode,
so user data can never inject markup.
"""
from __future__ import annotations

from gettext import NullTranslations
from html import escape
from typing import Any


class Markup(str):
    """Text that is already valid Telegram HTML and must not be escaped again."""


def esc(value: Any) -> str:
    return value if isinstance(value, Markup) else escape(str(value), quote=False)


def render(template: str, **values: Any) -> Markup:
    """Fill a template, escaping every value unless it is Markup."""
    return Markup(template.format(**{k: esc(v) for k, v in values.items()}))


_CATALOGUE = NullTranslations()  # Italian has two forms, n == 1 and the rest: gettext's own default rule


def plural(n: int, one: str, other: str, **values: Any) -> Markup:
    """`one` or `other` for `n` (gettext's ngettext; Italian: «1 incontro», «0 incontri», «2 incontri»),
    filled like `render` with `n` (written with the Italian thousands separator) and `values`."""
    template = _CATALOGUE.ngettext(one, other, n)
    return render(template, n=Markup(f"{n:,}".replace(",", ".")), **values)
