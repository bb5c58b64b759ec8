"""The reminders pages."""
