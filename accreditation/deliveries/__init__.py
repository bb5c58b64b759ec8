"""Deliveries: e-mails to one person each (a reminder, a certificate, any kind a feature registers), each sent
exactly once.

``queue`` writes deliveries of any kind (its feature registers the kind's composer; the subject is ``subject_id``);
``dispatch`` hands pending deliveries to the workers in chunks (after the transaction that created them commits,
and again from the sweep when a task was lost); ``sending`` claims one delivery at a time with a lease, hands its
message to the mail server under a Message-ID made from its idempotency key, and marks it sent. Nothing here
knows a kind: the composer is looked up by the delivery's ``kind`` column.
"""
