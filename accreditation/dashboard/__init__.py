"""The coordinators' dashboard: a programme's progress in the countries and regions a coordinator runs.

``filters`` parses and checks the request (scope included), ``programme_facts`` reads what the figures need from the
programme definition (state order, review states and their overdue rules, the states in which an application can
stall), ``figures`` computes every figure with a few grouped queries, ``drilldown`` lists regions and schools behind
a figure, ``exports`` writes the CSV files, ``charts`` draws the SVG bars. The routes are in ``routes``.
"""
