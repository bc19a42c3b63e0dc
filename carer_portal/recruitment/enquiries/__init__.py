"""The enquiry journey: someone thinking about fostering gets in touch, and hears back."""
