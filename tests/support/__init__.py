"""Real servers for the tests and benchmarks: a throwaway PostgreSQL, JupyterLab/Voila with chromium, a local LLM."""
