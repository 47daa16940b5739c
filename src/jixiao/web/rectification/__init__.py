"""整改: items opened from a low grade, a 复核 departure or a monitoring correction.

Shared by the stages above it (self-evaluation, monitoring): they open items through
``services.items.open_item`` with a plain-text source, so this app imports none of them.
"""
