"""Shared test set-up.

This file's folder is put on `sys.path` by pytest, so test modules in any
sub-folder can `import plan_helpers`.
"""
