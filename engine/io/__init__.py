"""Graphs and values in and out of the engine: graph files (documents, atomic saves), tensor
encodings, and the safe parsing and formatting of values typed by a person.
"""
