"""Bulk onboarding: a coordinator uploads a CSV of schools for their regions; the schools are imported with the
same checks as ``flask schools import`` (plus the scope), and each row's e-mail address is invited as the school's
admin. Small files run in the request, large ones in a Celery task whose progress the job's page shows."""
