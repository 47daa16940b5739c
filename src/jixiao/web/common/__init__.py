"""What every app's pages share: the layout, the viewer, template tags, static files.

Imports only ``orgs`` (who is looking); never another stage's app.
"""
