"""Yearly self-assessment, predikat readiness dashboards and PDF reports, combining the lower apps."""
