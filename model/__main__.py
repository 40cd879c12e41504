"""``python -m model`` runs the peakplan CLI."""

from model.cli import main

if __name__ == "__main__":
    main()
