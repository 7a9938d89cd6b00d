"""The one way a feature asks for a periodic tick: the JobQueue only ticks, the database says what is due."""
from __future__ import annotations

from datetime import timedelta

from telegram.ext import Application


def every(app: Application, name: str, tick, *, seconds: float | timedelta, first: float | timedelta = 1) -> None:
    """Run `tick(context)` every `seconds`, under a deterministic name that replaces any earlier job of
    that name (a restart or a second start-up never doubles it). A late tick still runs (no misfire
    grace), missed ticks coalesce into one, and a tick never overlaps itself."""
    if app.job_queue is None:  # built without the job-queue extra (some tests): nothing to tick
        return
    for job in app.job_queue.get_jobs_by_name(name):
        job.schedule_removal()
    app.job_queue.run_repeating(tick, interval=seconds, first=first, name=name,
                                job_kwargs={"id": name, "replace_existing": True, "coalesce": True,
                                            "max_instances": 1, "misfire_grace_time": None})
