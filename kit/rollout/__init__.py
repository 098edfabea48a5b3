"""Rolling OKRs out across an organisation: execution diagnosis, failure modes, the metric dictionary, plans."""
