"""Rules about what a page says, beyond its header: one module per family of rules.

Each rule takes a :class:`PageSource` and yields :class:`Problem` items pointing
at the page's own lines, so the CLI, the MkDocs plugin and CI report them alike.
"""

from __future__ import annotations

from entraide.content.rules.file_names import check_file_name
from entraide.content.rules.handouts import check_handouts
from entraide.content.rules.links import check_links
from entraide.content.rules.official_sources import check_official_sources
from entraide.content.rules.page_source import CheckContext, PageSource, Rule
from entraide.content.rules.personal_data import check_personal_data
from entraide.content.rules.placeholders import check_placeholders
from entraide.content.rules.restated_rules import check_restated_rules
from entraide.content.rules.review_dates import check_review_dates
from entraide.content.rules.sections import check_sections
from entraide.content.rules.unsafe_html import check_unsafe_html

RULES: tuple[Rule, ...] = (
    check_sections,
    check_links,
    check_official_sources,
    check_personal_data,
    check_unsafe_html,
    check_review_dates,
    check_placeholders,
    check_restated_rules,
    check_handouts,
    check_file_name,
)

# What a file says, wherever it lives (a README is public too). Unsafe HTML is judged on
# the published pages only: the site generator renders them, and the MkDocs plugin judges
# the HTML it actually rendered.
TEXT_RULES: tuple[Rule, ...] = (check_personal_data, check_placeholders)

__all__ = ["RULES", "TEXT_RULES", "CheckContext", "PageSource", "Rule"]
