"""Organisations: regions, units (finance bureau, supervising departments, budget units),
memberships with roles, and the permission helpers every view and API call goes through."""
