"""What notebooks show: corpus summaries, speaker profiles, article views, charts and live widgets."""
