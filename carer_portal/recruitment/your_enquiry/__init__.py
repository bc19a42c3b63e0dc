"""The person's own view of their enquiry: by their emailed link, or signed in."""
