"""The HTML pages: one package per blueprint, named as the blueprint and as its folder under ``templates/``.

A page package holds the routes and the forms of its pages and nothing else: what a page reads or changes lives in
the feature's package (``applications/``, ``assessment/``, ``review/``, ...), which the pages call.
"""
