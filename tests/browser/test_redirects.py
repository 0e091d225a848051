"""A reader who follows an old address lands on the moved page, in a real browser."""

from __future__ import annotations

from typing import Any


def test_an_old_address_opens_the_moved_page(static_host: str, page: Any) -> None:
    page.goto(f"{static_host}/procedures/ameli/carte-vitale/")
    page.wait_for_url(f"{static_host}/procedures/assurance-maladie/carte-vitale/")
    assert "carte Vitale" in page.locator("h1").inner_text()
    assert page.js_errors == []
