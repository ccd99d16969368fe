"""`python -m pipeline` = the `upr` command."""

from .cli import main

main()
