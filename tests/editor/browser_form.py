"""Posting an editor form as a browser would: every named field with its current value."""

from __future__ import annotations

from bs4 import BeautifulSoup


def form_fields(html: str, selector: str = "form[data-formulaire-page]") -> list[tuple[str, str]]:
    """The (name, value) pairs a browser posts for the form: hidden and text inputs,
    textareas, the selected option of each select, the ticked checkboxes."""
    form = BeautifulSoup(html, "html.parser").select_one(selector)
    assert form is not None, f"no form {selector!r} in the page"
    pairs: list[tuple[str, str]] = []
    for element in form.select("input[name], textarea[name], select[name]"):
        name = str(element["name"])
        if element.name == "textarea":
            # Browsers drop the newline that follows <textarea>; html.parser keeps it.
            pairs.append((name, element.get_text().removeprefix("\n")))
        elif element.name == "select":
            chosen = element.select_one("option[selected]") or element.select_one("option")
            pairs.append((name, str(chosen["value"]) if chosen is not None else ""))
        elif element.get("type") == "checkbox":
            if element.has_attr("checked"):
                pairs.append((name, str(element.get("value", "on"))))
        else:
            pairs.append((name, str(element.get("value", ""))))
    return pairs


def replaced(pairs: list[tuple[str, str]], name: str, *values: str) -> list[tuple[str, str]]:
    """``pairs`` with every value of ``name`` replaced by ``values``."""
    return [(k, v) for k, v in pairs if k != name] + [(name, value) for value in values]


def value(pairs: list[tuple[str, str]], name: str) -> str:
    return next(v for k, v in pairs if k == name)
