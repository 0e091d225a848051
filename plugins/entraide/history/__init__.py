"""Page history from Git: who changed each page, when, and how often.

Read in one ``git log`` pass over the whole history: one call per file costs a
process and a history walk per page, which is minutes at a few thousand pages.
"""
