"""The venue registry: conferences and journals as rows, their aliases and their ranks."""
