"""The assessor's journey: who may assess an application (assignment), review rounds and their judgments, the
decisions that fire workflow events, site visits with their calendar file, and the assessor's queue."""
