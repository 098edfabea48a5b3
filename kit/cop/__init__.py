"""Community of Practice: case intake, the 60-minute peer clinic, the charter, impact and artefacts, cohorts."""
