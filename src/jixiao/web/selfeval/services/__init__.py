"""Every write to a self-evaluation, and the views derived from it (scores, history)."""
