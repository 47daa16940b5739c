"""Forms of the monitoring app (input validation only; the rules are the core's)."""
