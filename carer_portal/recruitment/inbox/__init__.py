"""The recruitment team's inbox: every enquiry, the clock on the first call, the history."""
