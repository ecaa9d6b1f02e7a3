"""End-to-end tests: the real app, driven in tmux."""
