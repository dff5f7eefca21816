"""The site's build step: train on Fashion-MNIST and write every figure and result the pages show.

Run it with ``python -m sitebuild`` (``make figures``). It is a standalone
script, not an MkDocs plugin, so it outlives the site generator. Outputs are
keyed on a hash of what they depend on and written atomically; see
:mod:`sitebuild.cache`.
"""
