"""The button actions of an answering step: answer, toggle, confirm, pick, skip, back, edit, send."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.questionnaires import flow, picker, state, validate
from bot.questionnaires.definition import CATALOGUE_TYPES
from bot.questionnaires.views import View
from bot.texts import questionnaires as T
from bot.texts import render

STALE = View(toast=T.STALE)


async def _options(session: AsyncSession, st: state.State) -> list[tuple[str, str, bool]]:
    """(value, label, asks-for-text) of the current question's buttons."""
    q = st.current
    if q.type == "zona":
        return [(code, name, False) for code, name in await picker.entries(session, "zona")]
    return [(c.value, c.label, c.other) for c in q.options()]


async def answer(session, st, arg, *, now: datetime, update_id):
    """A single choice (also yes/no, scale, one zona): saved at once, or «Altro» asks for text."""
    q = st.current
    if q is None or q.is_multi or q.type in ("text", "number", "date", "comune", "service"):
        return STALE
    options = await _options(session, st)
    if arg is None or arg >= len(options):
        return STALE
    value, label, other = options[arg]
    if other:
        state.touch(st, now, update_id)
        state.set_draft(st, {"q": q.id, "other": value})
        return await state.render_state(session, st)
    stored = int(value) if q.type == "scale" else value
    labels = [label] if q.type == "zona" else None
    await state.save(session, st, q, stored, labels=labels, now=now, update_id=update_id)
    return await state.render_state(session, st)


async def toggle(session, st, arg, *, now: datetime, update_id):
    """Select or deselect one option of a multiple choice (kept in the draft, in the database)."""
    q = st.current
    if q is None or not q.is_multi or q.type in ("comune", "service"):
        return STALE
    options = await _options(session, st)
    if arg is None or arg >= len(options):
        return STALE
    value = options[arg][0]
    draft = dict(st.resp.draft or {})
    chosen = list(draft.get("sel") or [])
    chosen.remove(value) if value in chosen else chosen.append(value)
    draft["sel"] = [v for v, _, _ in options if v in chosen]
    state.touch(st, now, update_id)
    state.set_draft(st, draft)
    return await state.render_state(session, st)


async def confirm(session, st, arg, *, now: datetime, update_id):
    """Save a multiple selection after checking min/max; «Altro» selected asks for its text first."""
    q = st.current
    if q is None or not q.is_multi:
        return STALE
    draft = st.resp.draft or {}
    chosen = list(draft.get("names", {}).keys()) if q.type in CATALOGUE_TYPES and q.type != "zona" \
        else list(draft.get("sel") or [])
    try:
        validate.selection(q, chosen)
    except validate.Invalid as exc:
        return View(toast=str(exc.message), alert=True)
    if q.type in CATALOGUE_TYPES:
        names = draft.get("names") or {}
        if q.type == "zona":
            names = {v: label for v, label, _ in await _options(session, st)}
        await state.save(session, st, q, chosen, labels=[names.get(v, v) for v in chosen], now=now, update_id=update_id)
        return await state.render_state(session, st)
    other = next((c.value for c in q.options() if c.other and c.value in chosen), None)
    if other is not None:
        state.touch(st, now, update_id)
        state.set_draft(st, {**draft, "other": other})
        return await state.render_state(session, st)
    await state.save(session, st, q, chosen, now=now, update_id=update_id)
    return await state.render_state(session, st)


async def pick(session, st, found: tuple[str, str], *, now: datetime, update_id) -> View:
    """A comune or service chosen: answered (single) or added to the selection (multiple)."""
    q = st.current
    code, name = found
    if not q.multiple:
        await state.save(session, st, q, code, labels=[name], now=now, update_id=update_id)
        return await state.render_state(session, st)
    names = dict((st.resp.draft or {}).get("names") or {})
    if q.max is not None and code not in names and len(names) >= q.max:
        return View(toast=render(T.ERR_TOO_MANY, max=int(q.max)), alert=True)
    names[code] = name
    state.touch(st, now, update_id)
    state.set_draft(st, {"q": q.id, "names": names, "sel": list(names)})
    return await state.render_state(session, st)


async def pick_candidate(session, st, arg, *, now: datetime, update_id):
    q = st.current
    cands = (st.resp.draft or {}).get("cands") or []
    if q is None or q.type not in ("comune", "service") or arg is None or arg >= len(cands):
        return STALE
    return await pick(session, st, tuple(cands[arg]), now=now, update_id=update_id)


async def remove(session, st, arg, *, now: datetime, update_id):
    """Take one comune or service out of a multiple selection before confirming."""
    q = st.current
    names = dict((st.resp.draft or {}).get("names") or {})
    if q is None or q.type not in ("comune", "service") or arg is None or arg >= len(names):
        return STALE
    names.pop(list(names)[arg])
    state.touch(st, now, update_id)
    state.set_draft(st, {"q": q.id, "names": names, "sel": list(names)})
    return await state.render_state(session, st)


async def skip(session, st, arg, *, now: datetime, update_id):
    q = st.current
    if q is None or q.required:
        return STALE
    await state.save(session, st, q, None, now=now, update_id=update_id)
    return await state.render_state(session, st)


async def back(session, st, arg, *, now: datetime, update_id):
    """Back to the previous question (or out of «Altro» text); its answer stays until replaced."""
    draft = st.resp.draft or {}
    if st.current is not None and draft.get("other") is not None:
        state.touch(st, now, update_id)
        state.set_draft(st, {k: v for k, v in draft.items() if k != "other"})
        return await state.render_state(session, st)
    previous = flow.before(st.d, st.resp.cursor, st.rows)
    if previous is None:
        return STALE
    state.touch(st, now, update_id)
    state.move(st, previous)
    return await state.render_state(session, st)


async def edit(session, st, arg, *, now: datetime, update_id):
    """From the summary, reopen question number `arg` of the definition."""
    if st.current is not None or arg is None or arg >= len(st.d.questions):
        return STALE
    q = st.d.questions[arg]
    if q not in flow.visible(st.d, st.rows):
        return STALE
    state.touch(st, now, update_id)
    state.move(st, q)
    return await state.render_state(session, st)


async def send(session, st, arg, *, now: datetime, update_id):
    """«Invia» on the summary: the response is complete."""
    if st.current is not None or flow.first_open(st.d, st.rows) is not None:
        return STALE
    state.touch(st, now, update_id)
    await state.submit(session, st, now)
    text = T.DONE_ANONYMOUS if st.d.anonymous else T.DONE
    return View(render(text, title=st.d.title))


ACTIONS = {"a": answer, "t": toggle, "c": confirm, "p": pick_candidate, "x": remove, "s": skip, "b": back, "e": edit, "v": send}
