"""Rolling OKRs out across an organisation: execution diagnosis, failure modes, the metric dictionary, plans."""

from pydantic import BaseModel, ConfigDict


class StrictModel(BaseModel):
    """A rollout model that refuses keys it does not know: a misspelt key in a coach's content file or
    a team's dictionary is reported, never silently dropped."""

    model_config = ConfigDict(extra="forbid")
