"""The worker room: RQ job functions that deliver what people chose to share, and the
scheduler that queues weekly digests when they are due.

Jobs take ids, load fresh state, check consent at the moment of sending, and are safe to run
twice: each delivery has an idempotency key (`Ledger.claim`/`mark_sent`).
"""
