"""State-changing operations: validate, change, flush, record the event. The request commits."""
