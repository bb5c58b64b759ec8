"""Account operations: users, sign-in throttling, registration, invitations, password reset."""
