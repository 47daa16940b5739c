"""Background jobs: long work (re-check all, batch imports …) on a task queue.

A ``Job`` row is the truth about a piece of work (who asked, progress, result, error);
the queue (Celery: Redis in production, in-process on the embedded default) only
carries its id. See ``services`` for enqueueing and running, docs/deployment.md.
"""
