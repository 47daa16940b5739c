"""Every write to a 整改 item."""
