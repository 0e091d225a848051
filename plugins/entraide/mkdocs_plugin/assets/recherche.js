/* Entraide's search page: results as you type from the browser engine
   (recherche-moteur.js, the static index of the site: the same answers on any host,
   from disk and behind `entraide serve`), facets with counts, a "Vouliez-vous dire"
   link, the whole state in the address. Everything from the index is inserted as
   text, except the snippets' match marks, which are rebuilt element by element
   from an allow-list (never through innerHTML). */
(function () {
  "use strict";

  var root = document.querySelector(".entraide-recherche");
  var engine = window.EntraideMoteur;
  if (!root || !engine || !window.URLSearchParams || !window.Promise) {
    return;
  }

  var FACETS = [
    { key: "mediation", title: "Posture" },
    { key: "type", title: "Type de page" },
    { key: "themes", title: "Thème" },
    { key: "organisations", title: "Organisme" },
    { key: "publics", title: "Public" }
  ];
  var PAGE = 10;
  var MAX = 50;
  var DELAY = 250;

  var form = root.querySelector(".entraide-recherche__form");
  var field = document.getElementById("entraide-q");
  var status = document.getElementById("entraide-etat");
  var suggestion = document.getElementById("entraide-suggestion");
  var facetsBox = document.getElementById("entraide-facettes");
  var groups = document.getElementById("entraide-facettes-groupes");
  var list = document.getElementById("entraide-resultats");
  var more = document.getElementById("entraide-plus");

  var siteRoot = engine.racine;
  var labels = Object.create(null);
  var limit = PAGE;
  var focusFrom = -1;
  var timer = null;
  var sequence = 0;

  /* ---------- state <-> address ---------- */

  function selected() {
    var filters = Object.create(null);
    FACETS.forEach(function (facet) {
      filters[facet.key] = [];
    });
    groups.querySelectorAll("input[type=checkbox]:checked").forEach(function (box) {
      if (Array.isArray(filters[box.name])) {
        filters[box.name].push(box.value);
      }
    });
    return filters;
  }

  function stateParams(query, filters) {
    var params = new URLSearchParams();
    if (query) {
      params.set("q", query);
    }
    FACETS.forEach(function (facet) {
      (filters[facet.key] || []).forEach(function (value) {
        params.append(facet.key, value);
      });
    });
    return params;
  }

  function writeAddress(query, filters) {
    var params = stateParams(query, filters).toString();
    var url = window.location.pathname + (params ? "?" + params : "");
    window.history.replaceState(null, "", url);
  }

  function readAddress() {
    var params = new URLSearchParams(window.location.search);
    var filters = Object.create(null);
    FACETS.forEach(function (facet) {
      filters[facet.key] = params.getAll(facet.key).filter(Boolean).slice(0, 10);
    });
    return { query: (params.get("q") || "").slice(0, 200), filters: filters };
  }

  /* ---------- words ---------- */

  function own(object, key) {
    return object && Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
  }

  function label(key, slug) {
    var term = own(own(labels, key), slug);
    if (!term) {
      return slug;
    }
    return key === "mediation" && term.short ? term.label + " (" + term.short.toLowerCase() + ")" : term.label;
  }

  function plural(count, one, many) {
    return count + " " + (count === 1 ? one : many);
  }

  function describeFilters(filters) {
    var names = [];
    FACETS.forEach(function (facet) {
      (filters[facet.key] || []).forEach(function (slug) {
        names.push(label(facet.key, slug));
      });
    });
    return names.length ? " (filtres : " + names.join(", ") + ")" : "";
  }

  /* ---------- snippets: rebuilt from text and allowed match marks only ---------- */

  var ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

  function decode(text) {
    return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, function (whole, name) {
      if (name.charAt(0) === "#") {
        var code = name.charAt(1).toLowerCase() === "x" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : "";
      }
      var known = ENTITIES[name.toLowerCase()];
      return known === undefined ? whole : known;
    });
  }

  function snippetNodes(html) {
    var fragment = document.createDocumentFragment();
    var mark = /<(\/?)(strong|b|em|mark)(\s+class="[\w\s-]*")?\s*>/gi;
    var parent = fragment;
    var last = 0;
    var match;
    while ((match = mark.exec(html)) !== null) {
      var text = html.slice(last, match.index);
      if (text) {
        parent.appendChild(document.createTextNode(decode(text.replace(/<[^>]*>/g, ""))));
      }
      if (match[1] === "/") {
        parent = fragment;
      } else if (parent === fragment) {
        parent = fragment.appendChild(document.createElement("mark"));
      }
      last = mark.lastIndex;
    }
    var rest = html.slice(last);
    if (rest) {
      parent.appendChild(document.createTextNode(decode(rest.replace(/<[^>]*>/g, ""))));
    }
    return fragment;
  }

  /* ---------- rendering ---------- */

  function pageLink(url) {
    try {
      var target = new URL(String(url || ""), siteRoot);
      var here = window.location;
      var sameSite =
        target.protocol === here.protocol &&
        (here.protocol === "file:" || (target.origin === here.origin && /^https?:$/.test(target.protocol)));
      if (sameSite) {
        return target.href;
      }
    } catch (error) {
      /* not a link we can follow */
    }
    return null;
  }

  function tag(text, kind) {
    var span = document.createElement("span");
    span.className = "entraide-etiquette entraide-etiquette--" + kind;
    span.textContent = text;
    return span;
  }

  function renderResult(result) {
    var item = document.createElement("li");
    item.className = "entraide-resultat";
    var heading = document.createElement("h3");
    heading.className = "entraide-resultat__titre";
    var href = pageLink(result.url);
    var title = String(result.title || result.path || "Page sans titre");
    if (href) {
      var link = document.createElement("a");
      link.href = href;
      link.textContent = title;
      heading.appendChild(link);
    } else {
      heading.textContent = title;
    }
    item.appendChild(heading);

    var tags = document.createElement("p");
    tags.className = "entraide-resultat__etiquettes";
    if (result.type) {
      tags.appendChild(tag(label("type", result.type), "type"));
    }
    (result.mediation || []).forEach(function (slug) {
      var term = own(labels.mediation, slug);
      tags.appendChild(tag(term && term.badge ? term.badge : label("mediation", slug), "posture-" + String(slug).replace(/[^a-z0-9-]/g, "")));
    });
    (result.organisations || []).slice(0, 3).forEach(function (slug) {
      tags.appendChild(tag(label("organisations", slug), "organisme"));
    });
    if (tags.childNodes.length) {
      item.appendChild(tags);
    }

    var extract = document.createElement("p");
    extract.className = "entraide-resultat__extrait";
    if (result.snippet) {
      extract.appendChild(snippetNodes(String(result.snippet)));
    } else if (result.description) {
      extract.textContent = String(result.description);
    }
    if (extract.childNodes.length) {
      item.appendChild(extract);
    }
    return item;
  }

  function renderFacets(data, filters) {
    var any = false;
    var focused = document.activeElement;
    FACETS.forEach(function (facet) {
      var counts = own(data.facets, facet.key) || {};
      var chosen = own(filters, facet.key) || [];
      var slugs = Object.keys(counts).filter(function (slug) {
        return own(counts, slug) > 0;
      });
      chosen.forEach(function (slug) {
        if (slugs.indexOf(slug) < 0) {
          slugs.push(slug);
        }
      });
      /* The taxonomy's order, stable from one query to the next: a box never moves under
         the finger or the screen reader's cursor. Values it does not know come last. */
      var order = Object.keys(own(labels, facet.key) || {});
      slugs.sort(function (a, b) {
        var ia = order.indexOf(a) < 0 ? order.length : order.indexOf(a);
        var ib = order.indexOf(b) < 0 ? order.length : order.indexOf(b);
        return ia - ib || a.localeCompare(b, "fr");
      });
      var id = "entraide-facette-" + facet.key;
      var group = document.getElementById(id);
      if (!group) {
        group = document.createElement("fieldset");
        group.id = id;
        group.className = "entraide-facette";
        var legend = document.createElement("legend");
        legend.textContent = facet.title;
        group.appendChild(legend);
        group.appendChild(document.createElement("ul"));
        groups.appendChild(group);
      }
      var ul = group.querySelector("ul");
      var existing = new Map();
      ul.querySelectorAll("li").forEach(function (li) {
        existing.set(li.getAttribute("data-slug"), li);
      });
      slugs.forEach(function (slug, position) {
        var li = existing.get(slug);
        existing.delete(slug);
        if (!li) {
          li = document.createElement("li");
          li.setAttribute("data-slug", slug);
          var box = document.createElement("input");
          box.type = "checkbox";
          box.name = facet.key;
          box.value = slug;
          box.id = id + "-" + slug.replace(/[^A-Za-z0-9_-]/g, "_");
          var text = document.createElement("label");
          text.htmlFor = box.id;
          text.appendChild(document.createElement("span"));
          var count = document.createElement("span");
          count.className = "entraide-facette__compte";
          text.appendChild(count);
          li.appendChild(box);
          li.appendChild(text);
        }
        li.querySelector("input").checked = chosen.indexOf(slug) >= 0;
        li.querySelector("label span").textContent = label(facet.key, slug) + " ";
        li.querySelector(".entraide-facette__compte").textContent = "(" + (own(counts, slug) || 0) + ")";
        if (ul.children[position] !== li) {
          ul.insertBefore(li, ul.children[position] || null);
        }
      });
      existing.forEach(function (li) {
        if (!li.contains(document.activeElement)) {
          li.remove();
        }
      });
      group.hidden = !ul.children.length;
      any = any || ul.children.length > 0;
    });
    facetsBox.hidden = !any;
    if (focused && focused !== document.activeElement && groups.contains(focused)) {
      focused.focus();
    }
  }

  function renderSuggestion(data, filters) {
    suggestion.textContent = "";
    var proposal = typeof data.suggestion === "string" ? data.suggestion.trim() : "";
    if (!proposal || proposal === data.query) {
      suggestion.hidden = true;
      return;
    }
    var link = document.createElement("a");
    link.href = window.location.pathname + "?" + stateParams(proposal, filters).toString();
    link.textContent = proposal;
    link.className = "entraide-recherche__proposition";
    link.addEventListener("click", function (event) {
      event.preventDefault();
      field.value = proposal;
      run(false);
      field.focus();
    });
    suggestion.appendChild(document.createTextNode("Vouliez-vous dire "));
    suggestion.appendChild(link);
    suggestion.appendChild(document.createTextNode(" ?"));
    suggestion.hidden = false;
  }

  function render(data, query, filters) {
    var results = Array.isArray(data.results) ? data.results : [];
    var total = typeof data.total === "number" ? data.total : results.length;
    list.textContent = "";
    results.forEach(function (result) {
      list.appendChild(renderResult(result || {}));
    });
    more.hidden = !(total > results.length && limit < MAX);
    /* After "Afficher plus", the keyboard goes on from the first new result. */
    var next = focusFrom >= 0 ? list.children[focusFrom] : null;
    focusFrom = -1;
    if (next && next.querySelector("a")) {
      next.querySelector("a").focus();
    }
    renderFacets(data, filters);
    renderSuggestion(data, filters);
    var words = "« " + query + " »";
    if (!query) {
      status.textContent = plural(total, "page", "pages") + describeFilters(filters) + ".";
    } else if (total === 0) {
      status.textContent = "Aucun résultat pour " + words + describeFilters(filters) + ".";
    } else {
      status.textContent = plural(total, "résultat", "résultats") + " pour " + words + describeFilters(filters) + ".";
    }
  }

  function showError(message) {
    list.textContent = "";
    more.hidden = true;
    suggestion.hidden = true;
    status.textContent = message;
  }

  function clear() {
    list.textContent = "";
    more.hidden = true;
    suggestion.hidden = true;
    facetsBox.hidden = true;
    status.textContent = "";
  }

  /* ---------- asking the engine ---------- */

  var UNAVAILABLE =
    "La recherche n'a pas pu lire son index (dossier assets/recherche du site). " +
    "Reconstruisez le site avec « entraide build », ou parcourez-le par son menu.";

  function run(keepLimit) {
    window.clearTimeout(timer);
    var query = field.value.trim().slice(0, 200);
    var filters = selected();
    if (!keepLimit) {
      limit = PAGE;
    }
    writeAddress(query, filters);
    var anyFilter = FACETS.some(function (facet) {
      return filters[facet.key].length > 0;
    });
    var mine = ++sequence;
    if (!query && !anyFilter) {
      clear();
      return;
    }
    root.setAttribute("aria-busy", "true");
    engine
      .chercher(query, { limit: limit, filters: filters })
      .then(function (data) {
        if (mine === sequence) {
          root.removeAttribute("aria-busy");
          render(data, query, filters);
        }
      })
      .catch(function () {
        if (mine === sequence) {
          root.removeAttribute("aria-busy");
          showError(UNAVAILABLE);
        }
      });
  }

  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      run(false);
    }, DELAY);
  }

  /* ---------- wiring ---------- */

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    run(false);
  });
  field.addEventListener("input", later);
  groups.addEventListener("change", function () {
    run(false);
  });
  more.addEventListener("click", function () {
    focusFrom = list.children.length;
    limit = Math.min(MAX, limit + PAGE);
    run(true);
  });
  if (window.matchMedia && !window.matchMedia("(min-width: 60em)").matches) {
    facetsBox.open = false;
  }

  function start(initial) {
    field.value = initial.query;
    renderFacets({ facets: {} }, initial.filters);
    run(false);
  }

  var initial = readAddress();
  engine
    .demarrer()
    .then(function (index) {
      labels = index && index.labels && typeof index.labels === "object" ? index.labels : labels;
      start(initial);
    })
    .catch(function () {
      field.value = initial.query;
      showError(UNAVAILABLE);
    });
})();
