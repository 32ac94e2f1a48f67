"""The web layer: one blueprint per audience plus the JSON API. Views stay thin."""
