"""The regional index's section of the coordinators' dashboard (a template global its include calls)."""
