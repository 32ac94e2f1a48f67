"""API resource module: routes register on `audit.web.api.bp` (being built)."""
