"""`python -m ui` runs the `rag` command line."""

from ui.cli import main

main()
