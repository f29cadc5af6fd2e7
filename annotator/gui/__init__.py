"""The Qt shell: widgets, item models, undo commands and workers over the core."""
