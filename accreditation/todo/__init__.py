"""Each person's to-do list, the home page they land on after signing in: what their school, their reviews or
their region wait for, computed from the same reads as the dashboards (``home_for`` in ``lists``)."""
