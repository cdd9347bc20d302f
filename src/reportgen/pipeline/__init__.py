"""Running the stages: one file in a watched worker (build), a bureau's folder at once (batch)."""
