"""The input's one declaration: every key a clerk may write, its type and its meaning."""
