"""Maintenance scripts of the Python package (the generated HTTP client: ``http_client.py``)."""
