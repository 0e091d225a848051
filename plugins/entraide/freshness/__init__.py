"""Which pages a person should check again, and why.

A page's check expires after its ``review_in`` period (GOV.UK's convention);
a page also needs a new look when an official fiche it rests on has changed
since that check.
"""
