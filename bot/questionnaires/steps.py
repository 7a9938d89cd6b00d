"""The button actions of an answering step: answer, toggle, confirm, pick, skip, back, edit, send."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.catalogue.models import Comune
from bot.errors import StaleAction
from bot.questionnaires import flow, picker, state, validate
from bot.questionnaires.definition import CATALOGUE_TYPES
from bot.reply import Reply
from bot.texts import plural, render
from bot.texts import questionnaires as T


def stale() -> StaleAction:
    """A button of another step (the step token says so), or one that no longer fits the question."""
    return StaleAction("q_step")


async def _options(session: AsyncSession, st: state.State) -> list[tuple[str, str, bool]]:
    """(value, label, asks-for-text) of the current question's buttons."""
    q = st.current
    if q.type == "zona":
        return [(code, name, False) for code, name in await picker.entries(session, "zona")]
    return [(c.value, c.label, c.other) for c in q.options()]


async def answer(session, st, arg, *, now: datetime) -> Reply:
    """A single choice (also yes/no, scale, one zona): saved at once, or «Altro» asks for text."""
    q = st.current
    if q is None or q.is_multi or q.type in ("text", "number", "date", "comune", "service"):
        raise stale()
    options = await _options(session, st)
    if arg is None or arg >= len(options):
        raise stale()
    value, label, other = options[arg]
    if other:
        state.touch(st, now)
        state.set_draft(st, {"q": q.id, "other": value})
        return await state.render_state(session, st)
    stored = int(value) if q.type == "scale" else value
    labels = [label] if q.type == "zona" else None
    await state.save(session, st, q, stored, labels=labels, now=now)
    return await state.render_state(session, st)


async def toggle(session, st, arg, *, now: datetime) -> Reply:
    """Select or deselect one option of a multiple choice (kept in the draft, in the database)."""
    q = st.current
    if q is None or not q.is_multi or q.type in ("comune", "service"):
        raise stale()
    options = await _options(session, st)
    if arg is None or arg >= len(options):
        raise stale()
    value = options[arg][0]
    draft = dict(st.resp.draft or {})
    chosen = list(draft.get("sel") or [])
    chosen.remove(value) if value in chosen else chosen.append(value)
    draft["sel"] = [v for v, _, _ in options if v in chosen]
    state.touch(st, now)
    state.set_draft(st, draft)
    return await state.render_state(session, st)


async def choose(session, st, chosen: list[int], *, now: datetime) -> None:
    """A multiple selection ticked at once (the web's checkboxes): the draft's selection, as toggles leave it;
    «Conferma» (`confirm`) then checks and saves it."""
    q = st.current
    if q is None or not q.is_multi or q.type in ("comune", "service"):
        raise stale()
    options = await _options(session, st)
    if any(i >= len(options) for i in chosen):
        raise stale()
    state.touch(st, now)
    state.set_draft(st, {**(st.resp.draft or {}), "sel": [v for i, (v, _, _) in enumerate(options) if i in chosen]})


async def confirm(session, st, arg, *, now: datetime) -> Reply:
    """Save a multiple selection after checking min/max; «Altro» selected asks for its text first."""
    q = st.current
    if q is None or not q.is_multi:
        raise stale()
    draft = st.resp.draft or {}
    chosen = list(draft.get("names", {}).keys()) if q.type in CATALOGUE_TYPES and q.type != "zona" \
        else list(draft.get("sel") or [])
    try:
        validate.selection(q, chosen)
    except validate.Invalid as exc:
        return Reply.toast_only(str(exc.message), alert=True)
    if q.type in CATALOGUE_TYPES:
        names = draft.get("names") or {}
        if q.type == "zona":
            names = {v: label for v, label, _ in await _options(session, st)}
        await state.save(session, st, q, chosen, labels=[names.get(v, v) for v in chosen], now=now)
        return await state.render_state(session, st)
    other = next((c.value for c in q.options() if c.other and c.value in chosen), None)
    if other is not None:
        state.touch(st, now)
        state.set_draft(st, {**draft, "other": other})
        return await state.render_state(session, st)
    await state.save(session, st, q, chosen, now=now)
    return await state.render_state(session, st)


async def pick(session, st, found: tuple[str, str], *, now: datetime, message_id: int | None = None) -> Reply:
    """A comune or service chosen: answered (single) or added to the selection (multiple)."""
    q = st.current
    code, name = found
    if not q.multiple:
        await state.save(session, st, q, code, labels=[name], now=now, message_id=message_id)
        return await state.render_state(session, st)
    names = dict((st.resp.draft or {}).get("names") or {})
    if q.max is not None and code not in names and len(names) >= q.max:
        return Reply.toast_only(plural(int(q.max), *T.ERR_TOO_MANY), alert=True)
    names[code] = name
    state.touch(st, now, message_id)
    state.set_draft(st, {"q": q.id, "names": names, "sel": list(names)})
    return await state.render_state(session, st)


async def pick_candidate(session, st, arg, *, now: datetime) -> Reply:
    q = st.current
    cands = (st.resp.draft or {}).get("cands") or []
    if q is None or q.type not in ("comune", "service") or arg is None or arg >= len(cands):
        raise stale()
    return await pick(session, st, tuple(cands[arg]), now=now)


async def remove(session, st, arg, *, now: datetime) -> Reply:
    """Take one comune or service out of a multiple selection before confirming."""
    q = st.current
    names = dict((st.resp.draft or {}).get("names") or {})
    if q is None or q.type not in ("comune", "service") or arg is None or arg >= len(names):
        raise stale()
    names.pop(list(names)[arg])
    state.touch(st, now)
    state.set_draft(st, {"q": q.id, "names": names, "sel": list(names)})
    return await state.render_state(session, st)


async def skip(session, st, arg, *, now: datetime) -> Reply:
    q = st.current
    if q is None or q.required:
        raise stale()
    await state.save(session, st, q, None, now=now)
    return await state.render_state(session, st)


async def back(session, st, arg, *, now: datetime) -> Reply:
    """Back to the previous question (or out of «Altro» text); its answer stays until replaced."""
    draft = st.resp.draft or {}
    if st.current is not None and draft.get("other") is not None:
        state.touch(st, now)
        state.set_draft(st, {k: v for k, v in draft.items() if k != "other"})
        return await state.render_state(session, st)
    previous = flow.before(st.d, st.resp.cursor, st.rows)
    if previous is None:
        raise stale()
    state.touch(st, now)
    state.move(st, previous)
    return await state.render_state(session, st)


async def edit(session, st, arg, *, now: datetime) -> Reply:
    """From the summary, reopen question number `arg` of the definition."""
    if st.current is not None or arg is None or arg >= len(st.d.questions):
        raise stale()
    q = st.d.questions[arg]
    if q not in flow.visible(st.d, st.rows):
        raise stale()
    state.touch(st, now)
    state.move(st, q)
    return await state.render_state(session, st)


async def send(session, st, arg, *, now: datetime) -> Reply:
    """«Invia» on the summary: the response is complete."""
    if st.current is not None or flow.first_open(st.d, st.rows) is not None:
        raise stale()
    state.touch(st, now)
    await state.submit(session, st, now)
    if st.share is not None:
        comune = await session.scalar(select(Comune.name).where(Comune.id == st.share.comune_id))
        return Reply(render(T.DONE_COMUNE, title=st.d.title, comune=comune))
    return Reply(render(T.DONE_ANONYMOUS if st.d.anonymous else T.DONE, title=st.d.title))


ACTIONS = {"a": answer, "t": toggle, "c": confirm, "p": pick_candidate, "x": remove, "s": skip, "b": back, "e": edit, "v": send}
