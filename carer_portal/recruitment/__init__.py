"""Recruitment: people thinking about fostering, from first contact to approval.

Each part is a feature folder of the usual shape (models, forms, service, routes):
``enquiries`` (the public journey), ``inbox`` (the team's view of it), ``stories`` (carers'
own words, and the landing page that leads with them), ``referrals`` (carers' invite links) and
``dashboard`` (the figures). ``vocabulary`` holds the fixed choices they share.
"""
