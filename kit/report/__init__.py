"""Views of reviews. Every format renders the same `Review` objects, so no two outputs can disagree."""
