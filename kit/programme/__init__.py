"""The programme level: what a programme lead and the leadership team run above one team's OKR set."""
