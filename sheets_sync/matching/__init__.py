"""Choosing the new pairs: the problem (who waits, who has room, who is barred), the dense and
sparse solvers, and the certificate that proves a sparse result optimal."""
