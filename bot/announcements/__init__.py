"""Announcements: an organiser's message to an audience, with preview and explicit confirmation, sent
through the outbox."""
