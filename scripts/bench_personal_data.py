"""What the personal-data detector finds on official pages, and what it costs.

The service-public corpus holds no personal data: every finding there is an
organisation's own contact or a false positive. Its Markdown pages (3,213) drop
the contact blocks; its XML fiches (4,873, read as text without their tags)
keep them, with hundreds of organisations' phone numbers. Prints,
side by side, the detector with the taxonomy's public contacts and without them
(the plain alternative: every valid geographic or 09 number reported), with
time per page and findings by kind, and the distinct values found, so a
maintainer can see which public numbers are still missing from the list.

    python scripts/bench_personal_data.py [--corpus PATH] [--show N]
"""

from __future__ import annotations

import argparse
import html
import re
import time
from collections import Counter
from pathlib import Path

from entraide.content.personal_data import (
    NO_PUBLIC_CONTACTS,
    PersonalData,
    PublicContacts,
    find_personal_data,
)
from entraide.content.taxonomy import load_taxonomy

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared/corpus/service-public"
_TAG = re.compile(r"<[^>]+>")


def corpus_texts(corpus: Path) -> dict[str, str]:
    """Markdown pages as written, XML fiches as the text a reader sees."""
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(corpus.rglob("*.md"))}
    for path in sorted(corpus.rglob("*.xml")):
        texts[path.name] = html.unescape(_TAG.sub(" ", path.read_text(encoding="utf-8")))
    return texts


def run(
    texts: dict[str, str], public: PublicContacts
) -> tuple[float, list[tuple[str, PersonalData]]]:
    started = time.perf_counter()
    found = [(name, f) for name, text in texts.items() for f in find_personal_data(text, public)]
    return time.perf_counter() - started, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--show", type=int, default=15, help="distinct values to print")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"Corpus absent: {args.corpus}")
        return
    texts = corpus_texts(args.corpus)
    public = load_taxonomy(ROOT / "taxonomy.yml").public_contacts
    print(
        f"Service-public corpus: {len(texts)} pages and fiches; public contacts: "
        f"{len(public.numbers)} numbers, {len(public.domains)} domains"
    )
    results = {}
    for label, contacts in (
        ("without public contacts", NO_PUBLIC_CONTACTS),
        ("with taxonomy.yml public_contacts", public),
    ):
        seconds, found = run(texts, contacts)
        results[label] = found
        kinds = Counter(str(f.kind) for _, f in found)
        pages = len({name for name, _ in found})
        print(
            f"  {label:<36} {seconds:6.2f} s  {1000 * seconds / len(texts):5.2f} ms/page  "
            f"{len(found):5} finding(s) on {pages} page(s)  {dict(sorted(kinds.items()))}"
        )
    values = Counter(
        " ".join(texts[name][f.start : f.end].split())
        for name, f in results["with taxonomy.yml public_contacts"]
    )
    print(f"Most frequent values still reported (top {args.show}):")
    for value, count in values.most_common(args.show):
        print(f"  {count:4}  {value}")


if __name__ == "__main__":
    main()
