"""One piece of personal data found in a text, before any page or file is named."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    """What was found; the value is the end of the problem code (``personal-data-<kind>``)."""

    NIR = "nir"
    IBAN = "iban"
    RIB = "rib"
    CARD = "card"
    TAX_NUMBER = "tax-number"
    CAF_NUMBER = "caf-number"
    PHONE = "phone"
    EMAIL = "email"
    DISGUISED_EMAIL = "disguised-email"


@dataclass(frozen=True)
class PersonalData:
    """``start``/``end`` are offsets in the text given to the detector.

    ``valid_key``: the number carries a valid check key, so it may well be a real
    person's, whatever the page says about it (see ``find_personal_data``).
    ``certain``: reported as an error; otherwise a warning for a person to judge.
    """

    start: int
    end: int
    kind: Kind
    valid_key: bool = False
    mobile: bool = False
    certain: bool = True

    @property
    def code(self) -> str:
        return f"personal-data-{self.kind}"
