"""What the commands do, one module per capability, between the CLI and the model and store.

No I/O of their own: files are reached through `ticli.store`, the terminal through
callbacks the CLI passes in.
"""
