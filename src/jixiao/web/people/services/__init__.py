"""Every write of the people app (each one recorded as an ``AccountChange``)."""
