"""Pages of the monitoring app, named after what the user does; they never import each
other (shared display is in ``monitoring.pages``)."""
