"""Every user-facing Italian string lives in this package, one module per feature.

Templates use str.format fields; `render` escapes every value for Telegram's HTML parse mode,
so user data can never inject markup.
"""
from __future__ import annotations

import re
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


def plural_text(n: int, one: str, other: str, **values: Any) -> str:
    """`plural` for plain text (the terminal, a data file's problem): the same forms, values not escaped."""
    return _CATALOGUE.ngettext(one, other, n).format(n=f"{n:,}".replace(",", "."), **values)


def reworded(message: str, table: tuple[tuple[str, str], ...], otherwise: str | None = None) -> str:
    """A library's English `message` in our words: the template of the first (regular expression, template)
    of `table` that matches it whole, filled with its named groups; none matches: `otherwise` (or `message`)."""
    for pattern, template in table:
        found = re.fullmatch(pattern, message, re.DOTALL)
        if found:
            return template.format(**found.groupdict())
    return message if otherwise is None else otherwise


BUTTON_MAX = 60  # a button label that fits on a phone
_LINK_WORDS = frozenset("a ad al ai agli alla alle allo con da dai dal dalla dalle dagli dei del della delle degli di "
                        "e ed gli i il in l la le lo nel nella nelle nei negli o per su sul sulla sulle sui tra fra "
                        "un una uno".split())


def shorten(text: str, limit: int = BUTTON_MAX) -> str:
    """`text` within `limit` characters: cut at a word boundary (never after «con la»), with «…»."""
    text = str(text)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2:]:
        cut = cut[: cut.rindex(" ")]
        while " " in cut and cut.rsplit(" ", 1)[1].lower().strip("'’") in _LINK_WORDS:
            cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:–-'’") + "…"
