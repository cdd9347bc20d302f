"""Stages 1–2: a YAML file read with its lines, inherited files merged, and validated into the model."""
