/* Entraide's search engine in the browser: the same answers as `entraide search`.
   It follows rules and weights that Python exports into the static index
   (plugins/entraide/search/static_index.py): every term's score on every page is
   precomputed by Whoosh, the vocabulary gives each word its analyzed term, and the
   concept table, stop words and re-ranking constants are data. This file only
   applies them in the order plugins/entraide/search/engine.py does; the Python
   function each part mirrors is named beside it.
   Index files are scripts (EntraideIndex.put(...)), so they load from file:// too. */
(function () {
  "use strict";

  var script = document.currentScript;
  /* data-index is relative to the page, as every address the theme writes. */
  var base = new URL(script.getAttribute("data-index"), window.location.href);
  var pending = Object.create(null);
  var loaded = Object.create(null);

  /* ---------- loading index files ---------- */

  function fileKey(kind, key) {
    return kind + ":" + key;
  }

  window.EntraideIndex = {
    put: function (kind, key, data) {
      var id = fileKey(kind, key);
      loaded[id] = data;
      if (pending[id]) {
        pending[id].resolve(data);
      }
    }
  };

  var version = "";

  function load(kind, key, path) {
    var id = fileKey(kind, key);
    if (!pending[id]) {
      var resolve;
      var reject;
      var promise = new Promise(function (ok, fail) {
        resolve = ok;
        reject = fail;
      });
      pending[id] = { promise: promise, resolve: resolve };
      if (loaded[id] !== undefined) {
        resolve(loaded[id]);
      } else {
        var tag = document.createElement("script");
        tag.src = new URL(path + (version ? "?v=" + version : ""), base).href;
        tag.async = true;
        tag.onerror = function () {
          delete pending[id];
          reject(new Error("index introuvable : " + path));
        };
        document.head.appendChild(tag);
      }
    }
    return pending[id].promise;
  }

  var ready = null;
  var index = null;
  var settings = null;
  var stopWords = null;
  var concepts = null;
  var conceptSpellings = null;
  var longestConcept = 1;

  function start() {
    if (!ready) {
      ready = load("index", "", "index.js").then(function (data) {
        index = data;
        version = data.version;
        settings = data.settings;
        stopWords = new Set(settings.stopWords);
        concepts = new Map();
        conceptSpellings = new Map();
        settings.concepts.forEach(function (entry) {
          var spelling = entry[0];
          concepts.set(spelling.join(" "), entry[1]);
          longestConcept = Math.max(longestConcept, spelling.length);
          entry[1].forEach(function (token) {
            if (!conceptSpellings.has(token)) {
              conceptSpellings.set(token, []);
            }
            conceptSpellings.get(token).push(spelling);
          });
        });
        return data;
      });
    }
    return ready;
  }

  /* ---------- analysis (analyzer.py, querying.py) ---------- */

  var UNSAFE = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/gu;
  var TOKEN = /\p{Nd}{5}\*\p{Nd}{2}|n°\p{Nd}+|[\p{L}\p{N}_]+/gu;

  /* querying.clean_query */
  function cleanQuery(text) {
    var kept = String(text || "").replace(UNSAFE, " ").replace(/\s+/g, " ").trim();
    var chars = Array.from(kept);
    if (chars.length > settings.maxQueryChars) {
      kept = chars.slice(0, settings.maxQueryChars).join("");
      var space = kept.lastIndexOf(" ");
      kept = space >= 0 ? kept.slice(0, space) : kept;
    }
    return kept;
  }

  /* analyzer.fold_text */
  function fold(text) {
    var table = settings.folding;
    var out = "";
    for (var char of text.toLowerCase()) {
      var mapped = table[char];
      out += mapped === undefined ? char : mapped;
    }
    return out.replace(/n°\s+(?=\p{Nd})/gu, "n°");
  }

  function tokens(text) {
    return fold(text).match(TOKEN) || [];
  }

  function shardOf(word) {
    return word.codePointAt(0).toString(16);
  }

  function vocabulary(word) {
    var shard = loaded[fileKey("v", shardOf(word))];
    return shard ? shard[word] : undefined;
  }

  function termFromEntry(word, entry) {
    return typeof entry[0] === "number" ? word.slice(0, entry[0]) : entry[0];
  }

  /* engine._Generation.term_of: null for a stop word; a word the pages never
     use keeps its folded form (the server would stem it; it matches nothing). */
  function termOf(word) {
    if (Array.from(word).length < settings.minWordLength || stopWords.has(word)) {
      return null;
    }
    var entry = vocabulary(word);
    return entry ? termFromEntry(word, entry) : word;
  }

  function documentFrequency(word) {
    var entry = vocabulary(word);
    return entry ? entry[1] : 0;
  }

  function loadVocabulary(words) {
    var keys = new Set(index.vocabularyKeys);
    var wanted = new Set();
    words.forEach(function (word) {
      var key = shardOf(word);
      if (keys.has(key)) {
        wanted.add(key);
      }
    });
    return Promise.all(
      Array.from(wanted).map(function (key) {
        return load("v", key, "v/" + key + ".js");
      })
    );
  }

  /* engine.SearchEngine._words */
  function queryWords(text) {
    var words = tokens(text).map(function (folded) {
      return { folded: folded, term: termOf(folded) };
    });
    var searchable = [];
    words.forEach(function (word, position) {
      if (word.term !== null) {
        searchable.push(position);
      }
    });
    if (searchable.length > settings.maxWords) {
      words = words.slice(0, searchable[settings.maxWords]);
    }
    return words;
  }

  /* expansion.Expander.concepts */
  function expand(words) {
    var pairs = words.filter(function (word) {
      return word.term !== null;
    });
    var found = [];
    var position = 0;
    while (position < pairs.length) {
      var matched = false;
      for (var length = Math.min(longestConcept, pairs.length - position); length > 0; length--) {
        var slice = pairs.slice(position, position + length);
        var key = slice
          .map(function (pair) {
            return pair.term;
          })
          .join(" ");
        var conceptTokens = concepts.get(key);
        if (conceptTokens) {
          found.push({
            typed: slice.map(function (pair) {
              return pair.folded;
            }),
            terms: key.split(" "),
            tokens: conceptTokens
          });
          position += length;
          matched = true;
          break;
        }
      }
      if (!matched) {
        found.push({ typed: [pairs[position].folded], terms: [pairs[position].term], tokens: [] });
        position += 1;
      }
    }
    return found;
  }

  /* suggestions.damerau_levenshtein */
  function damerau(a, b) {
    a = Array.from(a);
    b = Array.from(b);
    var previous2 = [];
    var previous = [];
    for (var j = 0; j <= b.length; j++) {
      previous.push(j);
    }
    for (var i = 1; i <= a.length; i++) {
      var current = [i];
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          current[j] = Math.min(current[j], previous2[j - 2] + 1);
        }
      }
      previous2 = previous;
      previous = current;
    }
    return previous[b.length];
  }

  /* Plain Levenshtein within a bound: the candidates Whoosh's terms_within gives. */
  function levenshteinWithin(a, b, limit) {
    a = Array.from(a);
    b = Array.from(b);
    if (Math.abs(a.length - b.length) > limit) {
      return false;
    }
    var previous = [];
    for (var j = 0; j <= b.length; j++) {
      previous.push(j);
    }
    for (var i = 1; i <= a.length; i++) {
      var current = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
        best = Math.min(best, current[j]);
      }
      if (best > limit) {
        return false;
      }
      previous = current;
    }
    return previous[b.length] <= limit;
  }

  /* suggestions.correction */
  function correction(folded) {
    var rules = settings.correction;
    var chars = Array.from(folded);
    if (chars.length < rules.minLength || /\p{N}/u.test(folded)) {
      return null;
    }
    var own = documentFrequency(folded);
    var limit = chars.length <= 5 ? 1 : 2;
    var shard = loaded[fileKey("v", shardOf(folded))] || {};
    var best = null;
    Object.keys(shard).forEach(function (candidate) {
      if (!levenshteinWithin(folded, candidate, limit)) {
        return;
      }
      var distance = damerau(folded, candidate);
      var frequency = shard[candidate][1];
      if (distance === 0 || distance > limit || frequency <= rules.commoner * own) {
        return;
      }
      if (
        best === null ||
        distance < best.distance ||
        (distance === best.distance && frequency > best.frequency) ||
        (distance === best.distance && frequency === best.frequency && candidate < best.word)
      ) {
        best = { distance: distance, frequency: frequency, word: candidate };
      }
    });
    return best ? best.word : null;
  }

  /* engine.SearchEngine._concepts_and_corrections */
  function corrected(words, found) {
    var corrections = new Map();
    var replaced = new Map();
    found.forEach(function (concept, position) {
      var typed = concept.typed[0];
      var isWord = concept.tokens.length === 0 && concept.terms.length === 1;
      if (!isWord || documentFrequency(typed) > settings.correction.rareDocs) {
        return;
      }
      var fixed = correction(typed);
      var fixedTerm = fixed ? termOf(fixed) : null;
      if (fixed && fixedTerm) {
        corrections.set(position, [fixedTerm]);
        replaced.set(typed, fixed);
      }
    });
    var suggestion = null;
    if (replaced.size) {
      suggestion = words
        .map(function (word) {
          return replaced.has(word.folded) ? replaced.get(word.folded) : word.folded;
        })
        .join(" ");
    }
    return { corrections: corrections, suggestion: suggestion };
  }

  /* querying.query_plan */
  function queryPlan(found, corrections) {
    return found.map(function (concept, position) {
      var terms = concept.tokens.length ? concept.tokens : concept.terms;
      var clauses = terms.map(function (term) {
        return [term, 1.0];
      });
      (corrections.get(position) || []).forEach(function (term) {
        clauses.push([term, settings.correctionBoost]);
      });
      return clauses;
    });
  }

  /* static_index.term_hash (FNV-1a over UTF-8) */
  function termHash(term) {
    var bytes = new TextEncoder().encode(term);
    var value = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) {
      value = Math.imul(value ^ bytes[i], 0x01000193) >>> 0;
    }
    return value >>> 0;
  }

  function bucketOf(term) {
    return (termHash(term) % index.buckets).toString(16);
  }

  function loadPostings(plan) {
    var wanted = new Set();
    plan.forEach(function (clauses) {
      clauses.forEach(function (clause) {
        wanted.add(bucketOf(clause[0]));
      });
    });
    return Promise.all(
      Array.from(wanted).map(function (key) {
        return load("p", key, "p/" + key + ".js");
      })
    );
  }

  function score(plan) {
    var scores = new Map();
    plan.forEach(function (clauses) {
      clauses.forEach(function (clause) {
        var shard = loaded[fileKey("p", bucketOf(clause[0]))] || {};
        var postings = shard[clause[0]];
        if (!postings) {
          return;
        }
        var page = 0;
        for (var i = 0; i < postings.length; i += 2) {
          page += postings[i];
          scores.set(page, (scores.get(page) || 0) + clause[1] * postings[i + 1]);
        }
      });
    });
    return scores;
  }

  /* facets.normalize_filters and filter_query: any value of a key, every key */
  function normalizeFilters(filters) {
    var chosen = {};
    settings.facetKeys.forEach(function (key) {
      var values = filters && Object.prototype.hasOwnProperty.call(filters, key) ? filters[key] : [];
      values = (Array.isArray(values) ? values : [values])
        .map(function (value) {
          return String(value).trim();
        })
        .filter(Boolean);
      if (values.length) {
        chosen[key] = Array.from(new Set(values));
      }
    });
    return chosen;
  }

  function filterTest(chosen) {
    var tests = Object.keys(chosen).map(function (key) {
      var column = settings.facetKeys.indexOf(key);
      var wanted = new Set();
      chosen[key].forEach(function (value) {
        var position = index.facets[key].indexOf(value);
        wanted.add(position);
      });
      return function (page) {
        return index.pageFacets[page][column].some(function (value) {
          return wanted.has(value);
        });
      };
    });
    return function (page) {
      return tests.every(function (test) {
        return test(page);
      });
    };
  }

  /* facets.FacetSets.counts */
  function facetCounts(pages) {
    var counts = {};
    ["mediation", "type", "themes", "organisations", "publics"].forEach(function (key) {
      var column = settings.facetKeys.indexOf(key);
      var byValue = new Map();
      pages.forEach(function (page) {
        index.pageFacets[page][column].forEach(function (value) {
          byValue.set(value, (byValue.get(value) || 0) + 1);
        });
      });
      var ordered = Array.from(byValue.entries()).map(function (pair) {
        return [index.facets[key][pair[0]], pair[1]];
      });
      ordered.sort(function (a, b) {
        return b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
      });
      var object = {};
      ordered.forEach(function (pair) {
        object[pair[0]] = pair[1];
      });
      counts[key] = object;
    });
    return counts;
  }

  function pageDetails(pages) {
    return Promise.all(
      pages.map(function (page) {
        var key = page.toString(16);
        return load("d", key, "d/" + key + ".js");
      })
    );
  }

  /* engine._options */
  function options(concept) {
    if (concept.tokens.length) {
      return concept.tokens.map(function (token) {
        return [token];
      });
    }
    return [concept.terms.slice()];
  }

  /* ranking.rerank */
  function rerank(ranked, details, spellings, explained) {
    var rules = settings.rerank;
    var questions = new Set(rules.questionTerms);
    var top = ranked.slice(0, rules.depth).map(function (hit, position) {
      var title = new Set(details[position].titleTerms);
      var covered = spellings.filter(function (choices) {
        return choices.some(function (choice) {
          return choice.every(function (term) {
            return title.has(term);
          });
        });
      }).length;
      var coverage = spellings.length ? covered / spellings.length : 0;
      var words = Array.from(title).filter(function (term) {
        return term.indexOf(settings.conceptPrefix) !== 0 && !questions.has(term);
      });
      var hits = words.filter(function (term) {
        return explained.has(term);
      }).length;
      var precision = words.length ? hits / words.length : 0;
      var bonus = 1 + rules.coverage * coverage + rules.precision * precision;
      return { page: hit.page, score: hit.score * bonus, detail: details[position] };
    });
    top.sort(function (a, b) {
      return b.score - a.score;
    });
    return top;
  }

  /* ---------- snippets (snippets.py, simplified: words that start like a searched term) ---------- */

  var SNIPPET_CHARS = 220;
  var FALLBACK_CHARS = 200;

  function escapeHtml(text) {
    return text.replace(/[&<>]/g, function (char) {
      return char === "&" ? "&amp;" : char === "<" ? "&lt;" : "&gt;";
    });
  }

  function fallback(text) {
    if (text.length > FALLBACK_CHARS) {
      var cut = text.slice(0, FALLBACK_CHARS);
      text = cut.slice(0, cut.lastIndexOf(" ") > 0 ? cut.lastIndexOf(" ") : cut.length) + " …";
    }
    return escapeHtml(text);
  }

  function snippet(text, terms) {
    var word = /[\p{L}\p{N}_°*]+/gu;
    var matches = [];
    var found;
    while ((found = word.exec(text)) !== null) {
      var folded = fold(found[0]);
      var entry = vocabulary(folded);
      var term = entry ? termFromEntry(folded, entry) : null;
      if ((term && terms.has(term)) || (!entry && termPrefixed(folded, terms))) {
        matches.push({ start: found.index, end: found.index + found[0].length });
      }
    }
    if (!matches.length) {
      return null;
    }
    var anchor = matches[0].start;
    var start = Math.max(0, anchor - 60);
    if (start) {
      var space = text.indexOf(" ", start);
      start = space >= 0 && space < anchor ? space + 1 : start;
    }
    var end = Math.min(text.length, start + SNIPPET_CHARS);
    if (end < text.length) {
      var last = text.lastIndexOf(" ", end);
      end = last > anchor ? last : end;
    }
    var parts = [start ? "… " : ""];
    var position = start;
    matches
      .filter(function (match) {
        return match.start >= start && match.end <= end;
      })
      .slice(0, 12)
      .forEach(function (match) {
        parts.push(escapeHtml(text.slice(position, match.start)));
        parts.push("<mark>" + escapeHtml(text.slice(match.start, match.end)) + "</mark>");
        position = match.end;
      });
    parts.push(escapeHtml(text.slice(position, end)));
    parts.push(end < text.length ? " …" : "");
    return parts.join("");
  }

  function termPrefixed(folded, terms) {
    var hit = false;
    terms.forEach(function (term) {
      if (term.length >= 3 && folded.indexOf(term) === 0) {
        hit = true;
      }
    });
    return hit;
  }

  /* ---------- the search (engine.SearchEngine.search) ---------- */

  function result(hit, terms) {
    var detail = hit.detail;
    var row = index.pageFacets[hit.page];
    function values(key) {
      return row[settings.facetKeys.indexOf(key)].map(function (value) {
        return index.facets[key][value];
      });
    }
    var type = values("type").join(",");
    return {
      path: detail.path,
      title: detail.title,
      url: detail.url,
      score: Math.round(hit.score * 10000) / 10000,
      snippet: snippet(detail.text, terms) || fallback(detail.description || detail.text),
      type: type || null,
      mediation: values("mediation"),
      themes: values("themes"),
      organisations: values("organisations"),
      publics: values("publics"),
      description: detail.description
    };
  }

  function search(query, opts) {
    opts = opts || {};
    return start().then(function () {
      var limit = Math.max(0, Math.min(Number(opts.limit === undefined ? 10 : opts.limit) || 0, settings.maxLimit));
      var chosen = normalizeFilters(opts.filters);
      var text = cleanQuery(query);
      var typed = tokens(text);
      return loadVocabulary(typed).then(function () {
        var words = queryWords(text);
        var found = expand(words);
        var fixes = corrected(words, found);
        var allowed = filterTest(chosen);
        var pages;
        var plan = [];
        if (found.length) {
          plan = queryPlan(found, fixes.corrections);
        } else if (!Object.keys(chosen).length) {
          return {
            query: text,
            total: 0,
            results: [],
            facets: facetCounts([]),
            suggestion: null,
            filters: chosen
          };
        }
        return loadPostings(plan).then(function () {
          var ranked = [];
          if (found.length) {
            score(plan).forEach(function (value, page) {
              if (allowed(page)) {
                ranked.push({ page: page, score: value });
              }
            });
          } else {
            for (var page = 0; page < index.pages; page++) {
              if (allowed(page)) {
                ranked.push({ page: page, score: 1.0 });
              }
            }
          }
          ranked.sort(function (a, b) {
            return b.score - a.score || a.page - b.page;
          });
          pages = ranked.map(function (hit) {
            return hit.page;
          });
          var spellings = found.map(options);
          fixes.corrections.forEach(function (fixed, position) {
            spellings[position].push(fixed.slice());
          });
          var terms = new Set();
          spellings.forEach(function (choices) {
            choices.forEach(function (choice) {
              choice.forEach(function (term) {
                if (term.indexOf(settings.conceptPrefix) !== 0) {
                  terms.add(term);
                }
              });
            });
          });
          found.forEach(function (concept) {
            concept.tokens.forEach(function (token) {
              (conceptSpellings.get(token) || []).forEach(function (spelling) {
                spelling.forEach(function (term) {
                  terms.add(term);
                });
              });
            });
          });
          var depth = settings.rerank.depth;
          var needed = ranked.slice(0, Math.max(depth, Math.min(limit, settings.maxLimit)));
          return pageDetails(
            needed.map(function (hit) {
              return hit.page;
            })
          ).then(function (details) {
            var top = rerank(needed, details, spellings, terms);
            var rest = needed.slice(depth).map(function (hit, position) {
              return { page: hit.page, score: hit.score, detail: details[depth + position] };
            });
            var shown = top.concat(rest).slice(0, limit);
            return {
              query: text,
              total: ranked.length,
              results: shown.map(function (hit) {
                return result(hit, terms);
              }),
              facets: facetCounts(pages),
              suggestion: fixes.suggestion,
              filters: chosen
            };
          });
        });
      });
    });
  }

  /* The index lives in <site>/assets/recherche/: the site's root is two folders up. */
  window.EntraideMoteur = { chercher: search, demarrer: start, racine: new URL("../../", base) };
})();
