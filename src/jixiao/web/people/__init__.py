"""Units and users of a region, managed by its administrator without ``/admin/``."""
