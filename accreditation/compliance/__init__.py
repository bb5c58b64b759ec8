"""The compliance calendar (issue 30): the programme's recurring duties per school and period, their owners and
ticks, and their reminders and escalations as deliveries (sent exactly once, however often the sweep runs)."""
