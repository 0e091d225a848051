"""Official sources: the catalogue of service-public fiches that pages cite.

The catalogue is a file kept in the repository, so ``entraide check`` and
``entraide freshness`` work offline and a change of an official fiche shows up
as a one-line diff in review.
"""
