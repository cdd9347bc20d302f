"""Report outlines as data: the ordered sections of a report, their numbering, and the block that fills each."""
