"""What the `sitegen` command runs: each module is one subcommand (check, serve, import, new…).

The top layer: a command may use every other part of the generator, and nothing imports a command
but the command line (sitegen.cli) and another command.
"""
