"""Every write of the monitoring app and the core inputs read from its tables."""
