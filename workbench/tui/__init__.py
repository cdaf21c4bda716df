"""The Textual review UI. It renders a :class:`workbench.review.ReviewSession` and forwards
keys to it; the rules live in the session, the store and the project module."""
