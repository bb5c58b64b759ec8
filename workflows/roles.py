"""The role names a programme definition may use."""

SCHOOL_ADMIN = "school_admin"
SCHOOL_STAFF = "school_staff"
ASSESSOR = "assessor"
COORDINATOR = "coordinator"
ADMIN = "admin"
SYSTEM = "system"  # timers and background tasks, never a person

ROLES: frozenset[str] = frozenset({SCHOOL_ADMIN, SCHOOL_STAFF, ASSESSOR, COORDINATOR, ADMIN, SYSTEM})
HUMAN_ROLES: frozenset[str] = ROLES - {SYSTEM}

# A grant outside every programme (accreditation/models/network.py): sees its school network's progress, fires nothing.
NETWORK_LEAD = "network_lead"
