"""``python -m annotator`` runs the CLI (also what a frozen build starts)."""

from annotator.cli import main

if __name__ == "__main__":
    main()
