"""The REST API (django-ninja): token-authenticated, same permission rules as the pages."""
