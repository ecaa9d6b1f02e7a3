"""Fault tests: issue 12's standing suite (the app killed, raced, restarted, fed generated input)."""
