"""What the respondent sees: a question, the summary, the end.

A step is first built as data (`StepView`, `SummaryView`: the question, its options with their verbs and
selected flags, the draft, the hint, the position, the error); the chat renders it here into a message with
buttons, the web (web/questionnaire.py) into a form. Both doors send back the same verbs (the step data,
carrying the response's revision), so they walk the same engine."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Mapping

from bot import timefmt
from bot.questionnaires import callbacks as cb
from bot.questionnaires import flow
from bot.questionnaires.definition import CATALOGUE_TYPES, Definition, Question
from bot.questionnaires.models import Answer, Response
from bot.questionnaires.validate import fmt_number
from bot.reply import Reply
from bot.texts import Markup, esc, render, shorten
from bot.texts import questionnaires as T

MAX_TEXT = 4000


@dataclass(frozen=True)
class Option:
    """One choice of a step: its label, the verb that picks (or toggles, or removes) it, whether selected."""

    index: int
    label: str
    data: str
    selected: bool = False
    other: bool = False  # «Altro»: asks for a text


@dataclass(frozen=True)
class StepView:
    """The current question of a response, as data both doors render."""

    campaign_id: int
    rev: int  # the step token: a form or button of another revision is refused
    title: str
    question: Question
    n: int
    total: int
    intro: bool = False  # the first step shown: the introduction (and anonymity, comune) come with it
    introduction: str = ""
    anonymous: bool = False
    comune: str | None = None  # a per-comune response: the comune it answers for
    current: str | None = None  # the answer given earlier, in words
    current_value: str = ""  # the same, as a text field would hold it (text, number, date)
    hint: str = ""  # Telegram HTML (escaped values)
    error: str | None = None  # Telegram HTML (escaped: validation messages quote what was typed)
    options: tuple[Option, ...] = ()  # choices; for comune/service the search's candidates
    chosen: tuple[Option, ...] = ()  # comuni/services already selected (their verbs remove them)
    other: str | None = None  # the «Altro» label while its text is asked
    query: str = ""  # the last search of a comune/service
    confirm: str | None = None  # verb of «Conferma» (multiple selections)
    back: str | None = None
    skip: str | None = None

    @property
    def typed(self) -> bool:
        """Whether the step waits for typed text (a typed answer, a search, or the text of «Altro»)."""
        return self.other is not None or self.question.type in ("text", "number", "date", "comune", "service")


@dataclass(frozen=True)
class SummaryItem:
    n: int
    label: str
    answer: str
    edit: str  # verb of «Modifica»


@dataclass(frozen=True)
class SummaryView:
    campaign_id: int
    rev: int
    title: str
    items: tuple[SummaryItem, ...]
    send: str
    back: str


@dataclass(frozen=True)
class StartView:
    """Before the first answer (the web page's GET): the introduction and «Rispondi»."""

    campaign_id: int
    title: str
    introduction: str
    anonymous: bool
    per_comune: bool
    start: str  # verb: start or resume (the chat's «Rispondi»)
    error: str | None = None  # plain text


@dataclass(frozen=True)
class StepReply(Reply):
    """A step rendered for the chat, with the data it was rendered from (for the web's form)."""

    view: StepView | SummaryView | StartView | None = None


def start(d: Definition, campaign_id: int, *, per_comune: bool, error: str | None = None) -> StepReply:
    """The introduction with «Rispondi», as the invitation says it."""
    text = render(T.INTRO, title=d.title, introduction=d.introduction) + (T.ANONYMOUS if d.anonymous else "")
    text += T.INVITATION_COMUNE if per_comune else ""
    return StepReply(Markup(text), [[{"text": T.BUTTON_START, "data": cb.open_(campaign_id)}]],
                     view=StartView(campaign_id, d.title, d.introduction, d.anonymous, per_comune, cb.open_(campaign_id),
                                    error))


def step(resp: Response, act: str, arg: Any = None) -> str:
    """Button data for an answering step: the campaign (never the response key, which must not leave the
    database: Telegram keeps button data) and the response revision, the step token that refuses old buttons."""
    return cb.step(resp.campaign_id, resp.rev, act, arg)


def show_answer(q: Question, row: Answer | None) -> str:
    """An answer in words (plain text, not escaped)."""
    if row is None or row.value is None or row.value == []:
        return T.SKIPPED
    value = row.value
    if q.type in CATALOGUE_TYPES:
        return ", ".join(row.labels or ([value] if isinstance(value, str) else value))
    if q.type == "multiple":
        parts = [(q.choice(v).label if q.choice(v) else v) for v in value]
        return ", ".join(parts) + (f": {row.other_text}" if row.other_text else "")
    if q.type in ("single", "yesno"):
        label = q.choice(value).label if q.choice(value) else str(value)
        return f"{label}: {row.other_text}" if row.other_text else label
    if q.type == "scale":
        return T.SCALE_OF.format(value=value)
    if q.type == "number":
        return fmt_number(value)
    if q.type == "date":
        return timefmt.day(date.fromisoformat(value))
    return str(value)


def _raw(q: Question, row: Answer | None) -> str:
    """An earlier typed answer as its input field holds it (a date as yyyy-mm-dd, for <input type=date>)."""
    if row is None or row.value is None or q.type not in ("text", "number", "date"):
        return ""
    return fmt_number(row.value) if q.type == "number" else str(row.value)


def _hint(q: Question, draft: dict) -> str:
    if draft.get("other") is not None:
        return render(T.ASK_OTHER, label=_other_label(q), max=200)
    if q.type == "text":
        return render(T.HINT_TEXT, max=q.max_length)
    if q.type == "number":
        if q.min is not None and q.max is not None:
            return render(T.HINT_NUMBER_RANGE, min=fmt_number(q.min), max=fmt_number(q.max))
        return T.HINT_NUMBER
    if q.type == "date":
        return T.HINT_DATE
    if q.type in ("comune", "service"):
        base = ""
        if draft.get("names"):
            base = render(T.SELECTED, items=", ".join(draft["names"].values()))
        if draft.get("cands"):
            return base + render(T.HINT_PICK, query=draft.get("query", ""))
        if q.multiple and draft.get("names"):
            return base + T.HINT_PICK_MORE
        return base + (T.HINT_COMUNE if q.type == "comune" else T.HINT_SERVICE)
    if q.is_multi:
        if q.min is not None and q.max is not None:
            return render(T.HINT_MULTIPLE_RANGE, min=int(q.min), max=int(q.max))
        return T.HINT_MULTIPLE
    return ""


def _other_label(q: Question) -> str:
    return next((c.label for c in q.options() if c.other), T.OTHER)


def step_view(d: Definition, resp: Response, q: Question, rows: Mapping[str, Answer], *,
              options: list[tuple[str, str]] | None = None, intro: bool = False, error: str | None = None,
              comune: str | None = None) -> StepView:
    """The current question as data; `options` are the zones of a zona question; `comune` the comune a
    per-comune response answers for (said with the introduction)."""
    draft = resp.draft or {}
    n, total = flow.position(d, q.id, rows)
    shown = q.id in rows and not draft.get("cands") and not draft.get("names")
    choices: tuple[Option, ...] = ()
    chosen: tuple[Option, ...] = ()
    confirm = None
    if q.type in ("comune", "service"):
        choices = tuple(Option(i, name, step(resp, "p", i)) for i, (_, name) in enumerate(draft.get("cands") or []))
        if q.multiple and draft.get("names"):
            chosen = tuple(Option(i, name, step(resp, "x", i), True) for i, name in enumerate(draft["names"].values()))
            confirm = step(resp, "c")
    else:
        items = [(code, name, False) for code, name in options or []] if q.type == "zona" else \
            [(c.value, c.label, c.other) for c in q.options()]
        selected = set(draft.get("sel") or [])
        act = "t" if q.is_multi else "a"
        choices = tuple(Option(i, label, step(resp, act, i), value in selected, other)
                        for i, (value, label, other) in enumerate(items))
        confirm = step(resp, "c") if q.is_multi else None
    return StepView(
        campaign_id=resp.campaign_id, rev=resp.rev, title=d.title, question=q, n=n, total=total, intro=intro,
        introduction=d.introduction, anonymous=d.anonymous, comune=comune,
        current=show_answer(q, rows[q.id]) if shown else None, current_value=_raw(q, rows.get(q.id)),
        hint=_hint(q, draft), error=esc(error) if error else None, options=choices, chosen=chosen,
        other=_other_label(q) if draft.get("other") is not None else None, query=draft.get("query", ""),
        confirm=confirm,
        back=step(resp, "b") if flow.before(d, q.id, rows) is not None or draft.get("other") is not None else None,
        skip=None if q.required else step(resp, "s"))


def question(d: Definition, resp: Response, q: Question, rows: Mapping[str, Answer], *,
             options: list[tuple[str, str]] | None = None, intro: bool = False, error: str | None = None,
             comune: str | None = None) -> StepReply:
    """The current question with its buttons (see `step_view`)."""
    return chat_question(step_view(d, resp, q, rows, options=options, intro=intro, error=error, comune=comune))


def chat_question(v: StepView) -> StepReply:
    """A step as a chat message with buttons."""
    q = v.question
    text = render(T.INTRO, title=v.title, introduction=v.introduction) if v.intro else ""
    if v.intro and v.anonymous:  # said before the first question, not only after submitting
        text += T.ANONYMOUS
    if v.intro and v.comune:
        text += render(T.FOR_COMUNE, comune=v.comune)
    text += render(T.STEP_BARE if v.intro else T.STEP, title=v.title, n=v.n, total=v.total, label=q.label)
    if q.help:
        text += render(T.HELP, help=q.help)
    if not q.required:
        text += T.OPTIONAL
    if v.current is not None:
        text += render(T.CURRENT, answer=v.current)
    text += v.hint
    if v.error:
        text = T.ERROR_LINE.format(error=v.error) + text
    return StepReply(Markup(text), _keyboard(v), view=v)


def _keyboard(v: StepView) -> list[list[dict]]:
    kb: list[list[dict]] = [] if v.other is not None else _choice_rows(v)
    nav = []
    if v.back:
        nav.append({"text": T.BUTTON_BACK, "data": v.back})
    if v.skip:
        nav.append({"text": T.BUTTON_SKIP, "data": v.skip})
    return kb + ([nav] if nav else [])


def _choice_rows(v: StepView) -> list[list[dict]]:
    q = v.question
    if q.type in ("comune", "service"):
        rows = [[{"text": o.label[:60], "data": o.data}] for o in v.options]
        rows += [[{"text": render(T.REMOVE, label=o.label[:58]), "data": o.data}] for o in v.chosen]
        if v.confirm:
            rows.append([{"text": T.BUTTON_CONFIRM, "data": v.confirm}])
        return rows
    buttons = [{"text": render(T.CHECK, label=o.label) if o.selected else o.label, "data": o.data} for o in v.options]
    rows = [buttons] if q.type in ("scale", "yesno") else [[b] for b in buttons]
    if v.confirm:
        rows.append([{"text": T.BUTTON_CONFIRM, "data": v.confirm}])
    return rows


def summary_view(d: Definition, resp: Response, rows: Mapping[str, Answer]) -> SummaryView:
    """Every visible answer, numbered, with the verbs of «Modifica», «Invia» and «Indietro»."""
    items = tuple(SummaryItem(n, q.label, show_answer(q, rows.get(q.id)), step(resp, "e", d.index(q.id)))
                  for n, q in enumerate(flow.visible(d, rows), 1))
    return SummaryView(resp.campaign_id, resp.rev, d.title, items, step(resp, "v"), step(resp, "b"))


def summary(d: Definition, resp: Response, rows: Mapping[str, Answer]) -> StepReply:
    """Every visible answer, numbered, with ✏️ buttons and «Invia»."""
    v = summary_view(d, resp, rows)
    text = render(T.SUMMARY_HEAD, title=v.title)
    items = [render(T.SUMMARY_ITEM, n=i.n, label=shorten(i.label, 90), answer=shorten(i.answer, 160)) for i in v.items]
    budget = MAX_TEXT - len(text) - len(T.SUMMARY_FOOT)
    for item in items:
        if len(item) > budget:
            text += "\n…"
            break
        text += item
        budget -= len(item)
    text += T.SUMMARY_FOOT
    edits = [{"text": render(T.BUTTON_EDIT, n=i.n), "data": i.edit} for i in v.items]
    kb = [[{"text": T.BUTTON_SEND, "data": v.send}]]
    kb += [edits[i:i + 6] for i in range(0, len(edits), 6)]
    kb.append([{"text": T.BUTTON_BACK, "data": v.back}])
    return StepReply(Markup(text), kb, view=v)
