"""Adapters that run the cleaner inside other frameworks' pipelines.

Each adapter is a module of its own that imports its framework; importing this package imports
none of them, so ``cleaner`` never needs a framework it is not used with.
"""
