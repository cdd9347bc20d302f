"""Stage 6: files put in place all-or-none, and PDF copies."""
