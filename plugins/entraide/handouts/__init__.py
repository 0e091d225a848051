"""Handouts (« à remettre »): the part of a procedure written for the person helped.

Plain Python, no site generator: the model and parser (``model``), the rules a
coordinator sets in ``taxonomy.yml`` (``rules``), the checks (``checks``), the
print view (``print_view``) and the PDF renderer (``pdf``). Adapters only call them.
"""
