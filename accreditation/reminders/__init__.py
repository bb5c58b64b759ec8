"""Reminders and timed events from the programmes' timers.

``sweep`` writes the reminders that are due (one INSERT … SELECT per timer, unique per application, kind and due
date) and one delivery per recipient (one INSERT … SELECT per role); ``messages`` composes them in each recipient's
language; ``timed_events`` fires the events timers fire (expiry, renewal, re-assessment) through ``fire()``.
"""
