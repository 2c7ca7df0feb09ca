"""BibTeX in and out: parse and import ``.bib`` files, export BibTeX and CSL-JSON."""
