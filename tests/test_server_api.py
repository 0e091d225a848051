"""``GET /api/search`` and the static site on the real server, with hostile input of every kind."""

from __future__ import annotations

import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from entraide.content.taxonomy import Taxonomy
from entraide.search.engine import SearchEngine
from entraide.search.indexing import update_index
from entraide.search.labels import facet_labels
from entraide.server.app import create_app
from entraide.server.search_service import SearchService
from tests.live_server import serving

PAGES = {
    "procedures/caf/aide-au-logement.md": """\
---
title: Demander une aide au logement à la CAF
description: La demande d'APL en ligne, dès l'entrée dans le logement.
type: procedure
mediation: [urgence]
themes: [logement]
organisations: [caf]
---

# Demander une aide au logement à la CAF

Le loyer, le bail et le bailleur : la demande d'aide au logement se fait en ligne.
""",
    "pedagogy/carnet.md": """\
---
title: Le carnet des mots de passe
description: Garder ses identifiants sur papier, chez soi.
type: ruse
mediation: [autonomie]
themes: [securite-numerique]
---

# Le carnet des mots de passe

Un carnet pour le logement des identifiants, rangé à la maison.
""",
    "faq/piege.md": """\
---
title: Piège <img src=x onerror=alert(1)> balise
description: Une page dont le texte contient du HTML.
type: faq
mediation: [urgence, autonomie]
themes: [logement]
---

# Piège

Texte hostile : <script>alert("xss")</script> et logement "guillemets" & esperluette.
""",
}

SECRET = "contenu secret hors du site"


@pytest.fixture(scope="module")
def world(
    tmp_path_factory: pytest.TempPathFactory, taxonomy: Taxonomy
) -> Iterator[dict[str, Path]]:
    root = tmp_path_factory.mktemp("serveur")
    docs = root / "docs"
    for path, text in PAGES.items():
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text(text, encoding="utf-8")
    index_dir = root / "index"
    update_index(docs, index_dir, taxonomy)
    site = root / "site"
    site.mkdir()
    (site / "index.html").write_text("<html lang='fr'><body>Accueil</body></html>")
    (site / "404.html").write_text("<html lang='fr'><body>Page introuvable</body></html>")
    (site / ".entraide-build.json").write_text('{"fingerprint": "x"}')
    (root / "secret.txt").write_text(SECRET)
    (root / "site-voisin").mkdir()
    (root / "site-voisin" / "secret.txt").write_text(SECRET)
    yield {"root": root, "docs": docs, "index": index_dir, "site": site}


@pytest.fixture(scope="module")
def base(world: dict[str, Path], taxonomy: Taxonomy) -> Iterator[str]:
    service = SearchService(lambda: SearchEngine(world["index"], taxonomy))
    app = create_app(world["site"], service, labels=facet_labels(taxonomy))
    with serving(app) as url:
        yield url


def get(base: str, path: str, **params: object) -> httpx.Response:
    return httpx.get(base + path, params=params or None, timeout=10)  # type: ignore[arg-type]


def test_search_answers_the_same_object_as_the_engine(
    base: str, world: dict[str, Path], taxonomy: Taxonomy
) -> None:
    response = get(base, "/api/search", q="aide au logement", limit=5)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    engine = SearchEngine(world["index"], taxonomy)
    expected = json.loads(json.dumps(engine.search("aide au logement", limit=5).as_dict()))
    assert response.json() == expected
    assert expected["results"][0]["path"] == "procedures/caf/aide-au-logement.md"
    assert set(expected["facets"]) == {"mediation", "type", "themes", "organisations", "publics"}


def test_filters_narrow_and_combine(base: str) -> None:
    everything = get(base, "/api/search", q="logement").json()
    assert everything["total"] == 3
    urgent = get(base, "/api/search", q="logement", mediation="urgence").json()
    assert {r["path"] for r in urgent["results"]} == {
        "procedures/caf/aide-au-logement.md",
        "faq/piege.md",
    }
    assert urgent["filters"] == {"mediation": ["urgence"]}
    both = httpx.get(
        base + "/api/search?q=logement&mediation=urgence&mediation=autonomie&type=ruse"
    ).json()
    assert [r["path"] for r in both["results"]] == ["pedagogy/carnet.md"]
    browse = get(base, "/api/search", type="faq").json()
    assert [r["path"] for r in browse["results"]] == ["faq/piege.md"]


def test_limit_defaults_is_clamped_and_zero_gives_counts_only(base: str) -> None:
    assert len(get(base, "/api/search", q="logement", limit=1).json()["results"]) == 1
    huge = get(base, "/api/search", q="logement", limit=10**12)
    assert huge.status_code == 200
    assert len(huge.json()["results"]) == 3
    counts = get(base, "/api/search", q="logement", limit=0).json()
    assert counts["results"] == []
    assert counts["total"] == 3
    assert counts["facets"]["mediation"] == {"urgence": 2, "autonomie": 2}
    for bad in ("-1", "dix", "1e3", "", "0x10"):
        refused = get(base, "/api/search", q="logement", limit=bad)
        assert refused.status_code == 400, bad
        error = refused.json()["error"]
        assert error["code"] == "limite-invalide"
        assert "nombre entier" in error["message"]


@pytest.mark.parametrize(
    "query",
    [
        "*",
        "title:*",
        'aide "au logement',
        "(((",
        "logement AND OR NOT",
        "path:/etc/passwd",
        "l*ment~2^5",
        "../../etc/passwd",
        "%2e%2e%2f",
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "\x00\x01\x1b[31m",
        "‮logement‬ \u200b",
        "🙂 🏠 logement",
        "ﷺ لوجمان",
        "a" * 5000,
        "logement " * 400,
        "é" * 199,
    ],
)
def test_strange_queries_never_break_the_api(base: str, query: str) -> None:
    response = get(base, "/api/search", q=query)
    assert response.status_code in (200, 414), response.text
    body = response.json()
    if response.status_code == 200:
        assert len(body["query"]) <= 200
        for result in body["results"]:
            assert "<script" not in result["snippet"]
            assert "<img" not in result["snippet"]
    else:
        assert body["error"]["code"] == "adresse-trop-longue"


def test_invalid_utf8_and_raw_bytes_in_the_query_string(base: str) -> None:
    for raw in ("q=%ff%fe", "q=%ED%A0%80", "q=%", "q=%%%", "q=a&q=b&q=logement", "&&&=&q"):
        response = httpx.get(f"{base}/api/search?{raw}")
        assert response.status_code == 200, raw
        assert "results" in response.json()


def test_snippets_escape_page_html(base: str) -> None:
    result = next(
        r
        for r in get(base, "/api/search", q="hostile logement").json()["results"]
        if r["path"] == "faq/piege.md"
    )
    assert "<script" not in result["snippet"]
    assert "&lt;script&gt;" in result["snippet"]
    assert result["snippet"].replace("<mark>", "").replace("</mark>", "").count("<") == 0
    # Titles are plain text in JSON: the search page inserts them with textContent.
    assert result["title"] == "Piège <img src=x onerror=alert(1)> balise"


def test_unknown_parameters_are_ignored(base: str) -> None:
    plain = get(base, "/api/search", q="logement").json()
    noisy = get(base, "/api/search", q="logement", utm_source="x", _="123", page="2").json()
    assert noisy == plain


def test_filter_bounds_are_french_errors(base: str) -> None:
    too_long = get(base, "/api/search", q="logement", themes="x" * 65)
    assert too_long.status_code == 400
    assert too_long.json()["error"]["code"] == "filtre-invalide"
    many = "&".join(f"themes=t{i}" for i in range(11))
    too_many = httpx.get(f"{base}/api/search?q=logement&{many}")
    assert too_many.status_code == 400
    assert "10 au plus" in too_many.json()["error"]["message"]
    unknown_value = get(base, "/api/search", q="logement", themes="n-existe-pas")
    assert unknown_value.status_code == 200
    assert unknown_value.json()["total"] == 0


def test_query_string_too_long_is_414_in_french(base: str) -> None:
    response = httpx.get(f"{base}/api/search?q=" + "a" * 5000)
    assert response.status_code == 414
    assert response.json()["error"]["message"].startswith("Adresse trop longue")


def test_api_errors_are_json_in_french(base: str) -> None:
    posted = httpx.post(base + "/api/search", data={"q": "logement"})
    assert posted.status_code == 405
    assert "seules GET et HEAD" in posted.json()["error"]["message"]
    unknown = get(base, "/api/n-existe-pas")
    assert unknown.status_code == 404
    assert unknown.json()["error"]["code"] == "api-inconnue"
    head = httpx.head(base + "/api/search?q=logement")
    assert head.status_code == 200


def test_labels_give_french_names_for_facet_values(base: str) -> None:
    labels = get(base, "/api/labels").json()
    assert labels["mediation"]["urgence"]["short"] == "Faire pour"
    assert labels["type"]["ruse"]["label"] == "Ruse pédagogique"
    assert labels["organisations"]["caf"]["label"].startswith("Caisse d'allocations")
    assert labels["publics"], "publics have labels too (issue 12)"


def test_security_headers(base: str) -> None:
    api = get(base, "/api/search", q="logement")
    assert api.headers["x-content-type-options"] == "nosniff"
    assert api.headers["cache-control"] == "no-store"
    assert "default-src 'none'" in api.headers["content-security-policy"]
    page = get(base, "/")
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["x-frame-options"] == "SAMEORIGIN"


@pytest.mark.parametrize(
    "path",
    [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/..%2fsecret.txt",
        "/..%5csecret.txt",
        "/....//secret.txt",
        "/%252e%252e/secret.txt",
        "//secret.txt",
        "/api/../secret.txt",
        "/api/..%2f..%2fsecret.txt",
        "/../site-voisin/secret.txt",
        "/.entraide-build.json",
        "/%00",
        "/index.html%00.txt",
        "/" + "a" * 5000,
    ],
)
def test_paths_outside_the_site_are_never_served(base: str, path: str) -> None:
    response = httpx.get(base + path)
    assert response.status_code in (400, 404, 414), (path, response.status_code)
    assert SECRET not in response.text
    assert "fingerprint" not in response.text


def test_site_pages_are_served(base: str) -> None:
    assert get(base, "/").text.count("Accueil") == 1
    missing = get(base, "/nulle-part/")
    assert missing.status_code == 404
    assert "Page introuvable" in missing.text
    posted = httpx.post(base + "/")
    assert posted.status_code == 405
    assert "seules GET et HEAD" in posted.text


def test_many_clients_at_once(base: str) -> None:
    queries = ["logement", "carnet", "apl", "aide", "mot de passe", "*", "bail", "caf"] * 25

    def one(query: str) -> int:
        with httpx.Client(timeout=30) as client:
            return client.get(base + "/api/search", params={"q": query}).status_code

    with ThreadPoolExecutor(max_workers=40) as pool:
        statuses = list(pool.map(one, queries))
    assert statuses == [200] * len(queries)


def test_missing_index_is_a_french_503_until_it_appears(
    tmp_path: Path, world: dict[str, Path], taxonomy: Taxonomy
) -> None:
    index_dir = tmp_path / "index-pas-encore"
    service = SearchService(lambda: SearchEngine(index_dir, taxonomy))
    app = create_app(world["site"], service)
    with serving(app) as url:
        missing = httpx.get(url + "/api/search?q=logement")
        assert missing.status_code == 503
        assert missing.json()["error"]["code"] == "index-absent"
        assert "entraide index" in missing.json()["error"]["message"]
        update_index(world["docs"], index_dir, taxonomy)
        found = httpx.get(url + "/api/search?q=logement")
        assert found.status_code == 200
        assert found.json()["total"] == 3


def test_server_without_search_says_so(world: dict[str, Path]) -> None:
    with serving(create_app(world["site"])) as url:
        response = httpx.get(url + "/api/search?q=logement")
        page = httpx.get(url + "/")
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "recherche-absente"
    assert page.status_code == 200


def test_cached_answers_are_forgotten_at_a_new_index_generation(
    tmp_path: Path, world: dict[str, Path], taxonomy: Taxonomy
) -> None:
    from entraide.server.query import SearchRequest

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.md").write_text("# Démarche zorglub\n\nPremière page zorglub.\n", encoding="utf-8")
    index_dir = tmp_path / "index"
    update_index(docs, index_dir, taxonomy)
    service = SearchService(lambda: SearchEngine(index_dir, taxonomy), cache_entries=8)
    request = SearchRequest("zorglub", 10)
    first = service.search_json(request)
    assert service.search_json(request) is first, "the second answer comes from the cache"
    assert json.loads(first)["total"] == 1
    (docs / "b.md").write_text("# Autre zorglub\n\nDeuxième page zorglub.\n", encoding="utf-8")
    update_index(docs, index_dir, taxonomy)
    service.refresh()
    assert json.loads(service.search_json(request))["total"] == 2
