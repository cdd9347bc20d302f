"""Stages 3–4: every derived figure in exact decimal arithmetic, and the 勾稽关系 checked on them."""
