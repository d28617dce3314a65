"""Small Wins: the composition root.

`skill/`, `journal/` (and later `sharing/`, `worker/`) are the product's rooms. This package
holds only what ties them together for an operator: settings read from the environment and
the `smallwins` command. Nothing in the rooms imports from here except `smallwins.settings`.
"""
