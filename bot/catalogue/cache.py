"""Catalogue answers kept per catalogue version, so a repeated question costs no database work.

Answers depend only on the question (or button) and the catalogue's content, never on who asks.
Each update reads the catalogue's version with the rest of its arrival (bot/arrival.py); a different
version empties the cache, so an answer is never older than the last committed catalogue change,
whichever instance made it. Bounded: the least recently used answers go first.
"""
from __future__ import annotations

from collections import OrderedDict
from typing import Hashable

from bot.catalogue.answers import Answer

SIZE = 4096  # every comune, zone and service view several times over; answers are a few KB at most


class AnswerCache:
    def __init__(self, size: int = SIZE) -> None:
        self.size = size
        self.version: int | None = None
        self._answers: OrderedDict[Hashable, Answer] = OrderedDict()
        self.hits = self.misses = 0

    def get(self, version: int | None, key: Hashable) -> Answer | None:
        if version is None or version != self.version:
            self.misses += 1
            return None
        answer = self._answers.get(key)
        if answer is None:
            self.misses += 1
            return None
        self._answers.move_to_end(key)
        self.hits += 1
        return answer

    def put(self, version: int | None, key: Hashable, answer: Answer) -> None:
        """Keep `answer`, computed after `version` was read; an answer for an older version is dropped."""
        if version is None or (self.version is not None and version < self.version):
            return
        if version != self.version:
            self._answers.clear()
            self.version = version
        self._answers[key] = answer
        self._answers.move_to_end(key)
        while len(self._answers) > self.size:
            self._answers.popitem(last=False)

    def __len__(self) -> int:
        return len(self._answers)
