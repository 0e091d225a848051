"""Searching a real index on disk: acronyms, synonyms, typos, facets, filters, escaping."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from entraide.content.taxonomy import Taxonomy
from entraide.search.bounds import MAX_QUERY_CHARS
from entraide.search.documents import page_url, read_page
from entraide.search.engine import SearchEngine
from entraide.search.errors import InvalidFilterError, SearchError
from entraide.search.indexing import update_index
from tests.contracts import SEARCH_RESULT_KEYS

PAGES = {
    "procedures/caf/aide-logement.md": """---
title: Demander l'aide au logement
description: La demande d'aide personnalisée au logement sur caf.fr, pas à pas.
type: procedure
mediation: [urgence, autonomie]
themes: [logement]
organisations: [caf]
publics: [jeunes]
---
# Demander l'aide au logement

L'aide personnalisée au logement se demande en ligne. Préparez le bail et le RIB.
""",
    "procedures/caf/simulation.md": """---
title: Simuler ses droits
description: Estimer l'APL avant de déposer une demande.
type: procedure
mediation: [autonomie]
themes: [logement, argent-impots-consommation]
organisations: [caf]
---
# Simuler ses droits

La simulation de l'APL sur caf.fr ne prend que dix minutes.
""",
    "procedures/ameli/carte-vitale.md": """---
title: Commander une carte Vitale
description: La carte Vitale se commande sur le compte ameli.
type: procedure
mediation: [urgence]
themes: [social-sante]
organisations: [assurance-maladie]
---
# Commander une carte Vitale

Sur le compte de l'assurance maladie, rubrique « Mes démarches ».

## En cas de blocage

Appeler le 3646.
""",
    "procedures/impots/declaration.md": """---
title: Faire sa première déclaration de revenus
description: Créer son espace particulier sur impots.gouv et déclarer ses revenus.
type: procedure
mediation: [urgence, autonomie]
themes: [argent-impots-consommation]
organisations: [dgfip]
sources: [F369]
---
# Faire sa première déclaration de revenus

La déclaration se fait en ligne, avec le formulaire cerfa 12345*01 si besoin,
et le bulletin n°3 n'a rien à voir.
""",
    "pedagogy/carnet.md": """---
title: Le carnet des mots de passe
description: Une ruse pour que la personne garde ses identifiants en sécurité.
type: ruse
mediation: [autonomie]
themes: [securite-numerique]
---
# Le carnet des mots de passe

Un petit carnet rangé à la maison, jamais dans le sac.
""",
    "faq/piege.md": """---
title: Une page qui parle de code
description: Pour vérifier l'échappement des extraits.
type: faq
mediation: [autonomie]
themes: [securite-numerique]
---
# Une page qui parle de code

Un courriel piégé contenait <script>alert("piratage")</script> et un lien <b>gras</b>.
""",
    "index.md": "# Accueil\n\nBienvenue sur Entraide.\n",
    "ANTS.md": "# Titres sécurisés\n\nL'ANTS délivre la carte grise en ligne.\n",
    "fourmis.md": "# Les insectes\n\nUne ant est une fourmi en anglais.\n",
}


def write_pages(docs: Path, pages: dict[str, str]) -> None:
    for path, text in pages.items():
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory, taxonomy: Taxonomy) -> SearchEngine:
    root = tmp_path_factory.mktemp("search")
    write_pages(root / "docs", PAGES)
    update_index(root / "docs", root / "index", taxonomy)
    return SearchEngine(root / "index", taxonomy)


def paths(engine: SearchEngine, query: str, **kwargs: object) -> list[str]:
    return [r.path for r in engine.search(query, **kwargs).results]  # type: ignore[arg-type]


def test_accents_and_case_do_not_matter(engine: SearchEngine) -> None:
    assert paths(engine, "DECLARATION REVENUS")[0] == "procedures/impots/declaration.md"
    assert paths(engine, "première déclaration")[0] == "procedures/impots/declaration.md"


def test_acronym_finds_the_long_form_and_back(engine: SearchEngine) -> None:
    # The aide-logement page never says "APL"; the simulation page never spells it out.
    assert "procedures/caf/aide-logement.md" in paths(engine, "apl")
    assert "procedures/caf/simulation.md" in paths(engine, "aide personnalisee au logement")


def test_synonyms_work_both_ways(engine: SearchEngine) -> None:
    assert paths(engine, "secu")[0] == "procedures/ameli/carte-vitale.md"
    assert paths(engine, "identifiant")[0] == "pedagogy/carnet.md"


def test_acronyms_escape_the_stemmer(engine: SearchEngine) -> None:
    assert paths(engine, "ants") == ["ANTS.md"]


def test_identifiers_are_found_whole(engine: SearchEngine) -> None:
    assert paths(engine, "F369") == ["procedures/impots/declaration.md"]
    assert paths(engine, "cerfa 12345*01")[0] == "procedures/impots/declaration.md"
    assert paths(engine, "n°3")[0] == "procedures/impots/declaration.md"


def test_typo_is_tolerated_and_a_suggestion_offered(engine: SearchEngine) -> None:
    response = engine.search("decalration revenus")
    assert response.results[0].path == "procedures/impots/declaration.md"
    assert response.suggestion == "declaration revenus"


def test_no_suggestion_when_the_words_are_known(engine: SearchEngine) -> None:
    assert engine.search("carte vitale").suggestion is None


def test_facets_count_the_current_query(engine: SearchEngine) -> None:
    response = engine.search("apl")
    assert response.facets["organisations"] == {"caf": 2}
    assert response.facets["mediation"] == {"autonomie": 2, "urgence": 1}
    assert response.facets["type"] == {"procedure": 2}
    assert response.facets["themes"] == {"logement": 2, "argent-impots-consommation": 1}


def test_filters_narrow_and_combine(engine: SearchEngine) -> None:
    everything = set(paths(engine, "demande declaration carte carnet code"))
    urgent = set(
        paths(engine, "demande declaration carte carnet code", filters={"mediation": ["urgence"]})
    )
    assert urgent and urgent < everything
    both_themes = engine.search("demande carte", filters={"themes": ["logement", "social-sante"]})
    assert {r.path for r in both_themes.results} == {
        "procedures/caf/aide-logement.md",
        "procedures/caf/simulation.md",
        "procedures/ameli/carte-vitale.md",
    }
    assert all(set(r.themes) & {"logement", "social-sante"} for r in both_themes.results)
    narrowed = engine.search("apl", filters={"themes": ["logement"], "mediation": ["urgence"]})
    assert [r.path for r in narrowed.results] == ["procedures/caf/aide-logement.md"]
    assert narrowed.as_dict()["filters"] == {"themes": ["logement"], "mediation": ["urgence"]}


def test_empty_query_with_a_filter_lists_the_pages(engine: SearchEngine) -> None:
    response = engine.search("", filters={"type": ["ruse"]})
    assert [r.path for r in response.results] == ["pedagogy/carnet.md"]
    assert engine.search("").total == 0


def test_unknown_filter_key_is_a_clear_error(engine: SearchEngine) -> None:
    with pytest.raises(InvalidFilterError, match="filtre inconnu") as caught:
        engine.search("apl", filters={"couleur": ["bleu"]})
    assert isinstance(caught.value, SearchError)


def test_snippets_mark_words_and_escape_html(engine: SearchEngine) -> None:
    snippet = engine.search("piratage").results[0].snippet
    assert "<mark>piratage</mark>" in snippet
    assert "&lt;script&gt;" in snippet and "&lt;b&gt;" in snippet
    assert "<script" not in snippet and "<b>" not in snippet
    for result in engine.search("<script>alert(1)</script>").results:
        assert "<script" not in result.snippet


@pytest.mark.parametrize(
    "hostile",
    [
        "*",
        "title:*",
        '"carte vitale',
        "carte AND OR NOT (((",
        "vitale~2^3",
        "\x00\x1b[31m carte \u202e vitale\x07",
        "<script>alert(1)</script>",
        "apl " * 5000,
        "",
        "   ",
        "'’",
    ],
)
def test_hostile_queries_never_raise(engine: SearchEngine, hostile: str) -> None:
    response = engine.search(hostile)
    data = response.as_dict()
    assert len(data["query"]) <= MAX_QUERY_CHARS
    assert not any(ord(char) < 32 for char in data["query"])
    assert set(data) == {"query", "total", "results", "facets", "suggestion", "filters"}


def test_response_shape_is_the_design_contract(engine: SearchEngine) -> None:
    data = engine.search("carte vitale", limit=1).as_dict()
    assert data["total"] >= 1 and len(data["results"]) == 1
    assert set(data["results"][0]) == SEARCH_RESULT_KEYS
    first = data["results"][0]
    assert first["path"] == "procedures/ameli/carte-vitale.md"
    assert first["url"] == "procedures/ameli/carte-vitale/"
    assert first["type"] == "procedure" and first["mediation"] == ["urgence"]
    assert set(data["facets"]) == {"mediation", "type", "themes", "organisations", "publics"}


def test_many_threads_share_one_engine(engine: SearchEngine) -> None:
    queries = ["apl", "secu", "carte vitale", "decalration", "carnet", "F369"] * 10
    expected = {q: paths(engine, q) for q in set(queries)}
    seen_threads: set[int] = set()

    def run(query: str) -> tuple[str, list[str]]:
        seen_threads.add(threading.get_ident())
        return query, paths(engine, query)

    with ThreadPoolExecutor(max_workers=8) as pool:
        for query, found in pool.map(run, queries):
            assert found == expected[query]
    assert len(seen_threads) > 1


def test_refresh_picks_up_a_newer_generation(tmp_path: Path, taxonomy: Taxonomy) -> None:
    docs, index = tmp_path / "docs", tmp_path / "index"
    write_pages(docs, {"a.md": "# Carte Vitale\n\nCommander la carte.\n"})
    update_index(docs, index, taxonomy)
    engine = SearchEngine(index, taxonomy)
    assert engine.refresh() is False
    assert paths(engine, "carte") == ["a.md"]
    write_pages(docs, {"b.md": "# Prime d'activité\n\nLa prime se demande en ligne.\n"})
    update_index(docs, index, taxonomy)
    assert paths(engine, "prime") == []
    assert engine.refresh() is True
    assert paths(engine, "prime") == ["b.md"]


def test_urls_follow_mkdocs_directory_urls() -> None:
    assert page_url("procedures/caf/prime-activite.md") == "procedures/caf/prime-activite/"
    assert page_url("procedures/index.md") == "procedures/"
    assert page_url("index.md") == ""
    assert page_url("F1427.md") == "F1427/"


def test_foreign_front_matter(taxonomy: Taxonomy) -> None:
    page = read_page(
        "F1.md",
        '---\nsubject: "Papiers - Citoyenneté"\nsource_id: F1\n---\n# Un titre venu du texte\n',
        taxonomy,
    )
    assert page.title == "Un titre venu du texte"
    assert page.facets["themes"] == ("papiers-citoyennete",)
    broken = read_page("x.md", "---\ntitle: [\n---\n# Quand même\n", taxonomy)
    assert broken.title == "Quand même"


def test_an_engine_follows_a_full_rebuild_it_was_not_told_about(
    tmp_path: Path, taxonomy: Taxonomy
) -> None:
    docs, index = tmp_path / "docs", tmp_path / "index"
    write_pages(docs, {"a.md": "# Carte Vitale\n"})
    update_index(docs, index, taxonomy)
    engine = SearchEngine(index, taxonomy)
    (index / "current.json").write_text("{", encoding="utf-8")  # forces a full rebuild
    write_pages(docs, {"b.md": "# Carte grise\n"})
    assert update_index(docs, index, taxonomy).rebuilt
    # No refresh() call: the first search of this thread finds the old files gone.
    assert sorted(paths(engine, "carte")) == ["a.md", "b.md"]
