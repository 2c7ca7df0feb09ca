"""Import by identifier: DOIs (Crossref), arXiv ids (arXiv) and ORCID iDs (ORCID, then
Crossref), planned and written by the BibTeX importer's rules."""
