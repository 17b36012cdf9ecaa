"""The national KLA framework: clusters, indicators, weights and predikat thresholds."""
