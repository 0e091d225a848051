"""Personal data in text, found whatever its spelling, and told apart from public contacts.

Plain domain code: no page, no file, no site generator. The content rule
(``content/rules/personal_data.py``) runs it on pages and text files; a
network's contacts page can run it with its own contacts as public ones.
"""

from entraide.content.personal_data.contacts import (
    NO_PUBLIC_CONTACTS,
    ContactError,
    PublicContacts,
)
from entraide.content.personal_data.detection import FICTITIOUS_MARKER, find_personal_data
from entraide.content.personal_data.finding import Kind, PersonalData

__all__ = [
    "FICTITIOUS_MARKER",
    "NO_PUBLIC_CONTACTS",
    "ContactError",
    "Kind",
    "PersonalData",
    "PublicContacts",
    "find_personal_data",
]
