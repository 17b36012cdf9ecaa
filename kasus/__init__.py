"""Violence-against-children case reports with protected victim identities and aggregated statistics."""
