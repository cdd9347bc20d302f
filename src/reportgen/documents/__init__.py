"""Stage 5: what the documents say: formatting, narratives, template context, Word and Excel rendering."""
