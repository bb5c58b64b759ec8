"""Certificates: issued when an application enters its programme's granting (or intermediate) state, rendered as a
PDF, e-mailed to the school, checked by anyone at ``/verify/<code>``, and downloadable as a signed Open Badges 3.0
credential. ``issuing`` creates them (once), ``status`` ends their validity, ``reads`` serves the pages."""
