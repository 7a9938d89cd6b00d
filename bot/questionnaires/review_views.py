"""What /proposte and `zobot catalogue proposals|apply` show: a readable diff grouped by service, pages
of proposals with ✅/❌ per proposal (`pr:` buttons, bot/questionnaires/review_callbacks.py), the report."""
from __future__ import annotations

from zoneinfo import ZoneInfo

from bot import timefmt
from bot.questionnaires import review_callbacks as cb
from bot.questionnaires.review import ApplyReport, Diff, Item
from bot.reply import Reply
from bot.texts import Markup, common, plural, render, shorten
from bot.texts import proposals as T

PAGE_SIZE = 8


def lines(*parts) -> Markup:
    """Rendered lines joined; None is skipped, "" is a blank line."""
    return Markup("\n".join(p for p in parts if p is not None))


def menu(found: list[tuple[int, str, int, int]]) -> Reply:
    if not found:
        return Reply(T.MENU_EMPTY)
    rows = [[{"text": shorten(render(T.MENU_BUTTON, id=cid, title=title, pending=pending, total=total)),
              "data": cb.page(cid)}] for cid, title, total, pending in found[:50]]
    return Reply(T.MENU_HEAD, rows)


def _counts(d: Diff) -> Markup:
    applied = sum(1 for i in d.items if i.proposal.outcome is not None)
    return render(T.COUNTS, total=plural(len(d.items), *T.PROPOSALS), pending=d.count("pending"),
                  accepted=d.count("accepted"), rejected=d.count("rejected"), applied=applied)


def item_lines(i: Item, tz: ZoneInfo) -> list[Markup]:
    """One proposal: what, where, from whom, its state; a live conflict and the note below it."""
    p = i.proposal
    out = [render(T.ITEM, mark=T.MARKS[i.state], id=p.id, kind=T.KINDS[p.kind], place=i.place,
                  old=p.old_status or T.NONE, new=p.new_status or T.ENDED, office=i.office or T.NO_OFFICE,
                  date=timefmt.day(p.submitted_at, tz), state=T.STATES[i.state])]
    if p.note:
        out.append(render(T.NOTE, note=p.note[:200]))
    if i.conflict and i.state in ("pending", "accepted"):
        source = render(T.CURRENT_SOURCE, source=i.current_source[:200]) if i.current_source else ""
        out.append(render(T.CONFLICT, current=i.current or T.ENDED, source=source))
    return out


def _grouped(items: list[Item], tz: ZoneInfo) -> list[Markup]:
    out, service = [], None
    for i in items:
        if i.service != service:
            service = i.service
            out += ["", render(T.SERVICE, service=service)]
        out += item_lines(i, tz)
    return out


def page(d: Diff, number: int, tz: ZoneInfo) -> Reply:
    """One page of the diff with a ✅/❌ row per proposal still open, paging, «accetta tutte», «applica»."""
    pages = max(1, -(-len(d.items) // PAGE_SIZE))
    number = min(max(number, 0), pages - 1)
    shown = d.items[number * PAGE_SIZE:(number + 1) * PAGE_SIZE]
    text = lines(render(T.HEAD, campaign=d.campaign_id, title=d.title), _counts(d),
                 render(T.PAGE, page=number + 1, pages=pages) if pages > 1 else None, *_grouped(shown, tz))
    rows = [[{"text": render(T.BUTTON_ACCEPT, id=i.id), "data": cb.accept(d.campaign_id, i.id, number)},
             {"text": render(T.BUTTON_REJECT, id=i.id), "data": cb.reject(d.campaign_id, i.id, number)}]
            for i in shown if i.proposal.outcome is None]
    move = ([{"text": common.PREV_PAGE, "data": cb.page(d.campaign_id, number - 1)}] if number > 0 else []) + \
           ([{"text": common.NEXT_PAGE, "data": cb.page(d.campaign_id, number + 1)}] if number < pages - 1 else [])
    rows += [move] if move else []
    if d.count("pending"):
        rows.append([{"text": T.BUTTON_ACCEPT_ALL, "data": cb.accept_all(d.campaign_id, number)}])
    if d.count("accepted"):
        rows.append([{"text": T.BUTTON_APPLY, "data": cb.preview(d.campaign_id)}])
    rows.append([{"text": T.BUTTON_MENU, "data": cb.menu()}])
    return Reply(text, rows)


def everything(d: Diff, tz: ZoneInfo) -> Reply:
    """The whole diff on one page (the command line)."""
    return Reply(lines(render(T.HEAD, campaign=d.campaign_id, title=d.title), _counts(d), *_grouped(d.items, tz)))


def report(r: ApplyReport, campaign_id: int) -> Reply:
    """What an application did (or, in a dry run, would do), outcome by outcome."""
    head = T.PREVIEW_HEAD if r.dry_run else T.APPLIED_HEAD
    out = [render(head, campaign=campaign_id)]
    if not r.outcomes:
        out.append(T.PREVIEW_NOTHING)
    for outcome in ("applied", "unchanged", "conflict", "superseded", "blocked"):
        items = r.of(outcome)
        if not items:
            continue
        template = T.OUTCOME_DONE.get(outcome, T.OUTCOME[outcome]) if not r.dry_run else T.OUTCOME[outcome]
        out.append(render(template, n=len(items)))
        out += [render(T.OUTCOME_LINE, id=i.id, service=i.service, place=i.place) for i in items]
    if not r.dry_run and r.of("applied"):
        out += ["", T.VERSION_NOTE]
    if r.dry_run and r.of("applied"):
        rows = [[{"text": T.BUTTON_CONFIRM, "data": cb.confirm(campaign_id)}],
                [{"text": T.BUTTON_BACK, "data": cb.page(campaign_id)}]]
    else:
        rows = [[{"text": T.BUTTON_BACK, "data": cb.page(campaign_id)}]]
    return Reply(lines(*out), rows)
