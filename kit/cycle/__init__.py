"""The OKR cycle after the workshop: weekly check-ins, scoring, the quarter review and dashboards."""
