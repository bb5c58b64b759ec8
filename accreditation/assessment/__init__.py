"""A school's self-assessment: answers against a framework version, documents, the snapshot frozen at each
submission, scoring, the action plan, the anonymous comparison and the school's own data export."""
