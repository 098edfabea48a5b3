"""The OKR Definition workshop: its steps and timings, and the readiness check before it."""
