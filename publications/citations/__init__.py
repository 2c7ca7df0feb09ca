"""Citation counts of papers from open sources, with their history (docs/citations.md)."""
