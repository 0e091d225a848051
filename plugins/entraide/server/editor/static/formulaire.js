// Entraide editor, the page form: a small Markdown toolbar over a plain textarea, and the
// live check and preview. The form works without this script (the server checks again on
// submit); with it, the person sees the check's French messages as they type.
"use strict";

(function () {
  var PAUSE_MS = 700;

  function csrfToken() {
    var meta = document.querySelector('meta[name="entraide-csrf"]');
    return meta ? meta.getAttribute("content") : "";
  }

  // --- Toolbar ------------------------------------------------------------------------

  function surround(area, before, after, placeholder) {
    var start = area.selectionStart;
    var end = area.selectionEnd;
    var chosen = area.value.slice(start, end) || placeholder;
    area.setRangeText(before + chosen + after, start, end, "end");
    area.setSelectionRange(start + before.length, start + before.length + chosen.length);
  }

  function lineStart(area) {
    var start = area.selectionStart;
    return area.value.lastIndexOf("\n", start - 1) + 1;
  }

  function prefixLines(area, prefix) {
    var from = lineStart(area);
    var to = area.selectionEnd;
    var lines = area.value.slice(from, to).split("\n");
    var changed = lines.map(function (line) { return prefix + line; }).join("\n");
    area.setRangeText(changed, from, to, "end");
  }

  function insertBlock(area, slug, label) {
    var start = area.selectionStart;
    var end = area.selectionEnd;
    var inside = area.value.slice(start, end) || "Ce que fait le médiateur (" + label + ").";
    var before = start > 0 && area.value[start - 1] !== "\n" ? "\n\n" : "\n";
    var text = before + "/// " + slug + "\n" + inside + "\n///\n";
    area.setRangeText(text, start, end, "end");
    var first = start + before.length + 5 + slug.length;
    area.setSelectionRange(first, first + inside.length);
  }

  var ACTIONS = {
    gras: function (area) { surround(area, "**", "**", "texte en gras"); },
    italique: function (area) { surround(area, "*", "*", "texte en italique"); },
    titre: function (area) { prefixLines(area, "## "); },
    liste: function (area) { prefixLines(area, "- "); },
    lien: function (area) { surround(area, "[", "](https://)", "texte du lien"); }
  };

  function setUpToolbar(toolbar, area) {
    toolbar.hidden = false;
    toolbar.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button || !toolbar.contains(button)) {
        return;
      }
      var action = button.getAttribute("data-action");
      if (action === "bloc") {
        insertBlock(area, button.getAttribute("data-bloc"), button.textContent.trim());
      } else if (ACTIONS[action]) {
        ACTIONS[action](area);
      }
      area.focus();
      area.dispatchEvent(new Event("input", { bubbles: true }));
    });
    // Arrow keys move between the toolbar's buttons, as in any toolbar (Tab still works).
    toolbar.addEventListener("keydown", function (event) {
      if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") {
        return;
      }
      var buttons = Array.prototype.slice.call(toolbar.querySelectorAll("button"));
      var at = buttons.indexOf(document.activeElement);
      if (at < 0) {
        return;
      }
      event.preventDefault();
      var step = event.key === "ArrowRight" ? 1 : buttons.length - 1;
      buttons[(at + step) % buttons.length].focus();
    });
    area.addEventListener("keydown", function (event) {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) {
        return;
      }
      var key = event.key.toLowerCase();
      if (key === "b" || key === "i") {
        event.preventDefault();
        ACTIONS[key === "b" ? "gras" : "italique"](area);
        area.dispatchEvent(new Event("input", { bubbles: true }));
      }
    });
  }

  // --- Live check and preview ------------------------------------------------------------

  function post(url, form) {
    var data = new URLSearchParams(new FormData(form));
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-CSRF-Token": csrfToken()
      },
      body: data.toString()
    }).then(function (response) {
      return response.json().then(function (json) {
        return { ok: response.ok, status: response.status, json: json };
      });
    });
  }

  function clearMessages(form) {
    form.querySelectorAll(".message-champ").forEach(function (box) { box.textContent = ""; });
    form.querySelectorAll("[aria-invalid]").forEach(function (input) {
      input.removeAttribute("aria-invalid");
    });
    form.querySelectorAll(".champ--erreur").forEach(function (field) {
      field.classList.remove("champ--erreur");
    });
  }

  function selectBodyLine(area, line) {
    var lines = area.value.split("\n");
    var start = 0;
    for (var i = 0; i < line - 1 && i < lines.length; i += 1) {
      start += lines[i].length + 1;
    }
    var end = start + (lines[line - 1] || "").length;
    area.focus();
    area.setSelectionRange(start, end);
  }

  function showProblems(form, area, list, state, result) {
    clearMessages(form);
    list.textContent = "";
    var problems = result.problems || [];
    problems.forEach(function (problem) {
      var item = document.createElement("li");
      var label = problem.severity === "error" ? "Erreur" : "Avertissement";
      var where = "";
      if (problem.field) {
        var box = document.getElementById("message-" + problem.field);
        if (box) {
          box.textContent = (box.textContent ? box.textContent + " " : "") + problem.message;
          var container = box.closest(".champ");
          if (container) {
            container.classList.add("champ--erreur");
            container.querySelectorAll("input, select, textarea").forEach(function (input) {
              input.setAttribute("aria-invalid", "true");
            });
          }
        }
        where = " (champ « " + problem.field_label + " »)";
      } else if (problem.body_line) {
        where = " (texte, ligne " + problem.body_line + ")";
        var bodyBox = document.getElementById("message-corps");
        if (bodyBox && problem.severity === "error") {
          var line = "Ligne " + problem.body_line + " : " + problem.message;
          bodyBox.textContent = (bodyBox.textContent ? bodyBox.textContent + " " : "") + line;
          area.setAttribute("aria-invalid", "true");
          var bodyField = bodyBox.closest(".champ");
          if (bodyField) {
            bodyField.classList.add("champ--erreur");
          }
        }
      }
      item.className = problem.severity === "error" ? "probleme probleme--erreur" : "probleme";
      item.textContent = label + where + " : " + problem.message;
      if (problem.body_line) {
        var jump = document.createElement("button");
        jump.type = "button";
        jump.className = "lien";
        jump.textContent = "Aller à la ligne " + problem.body_line;
        jump.addEventListener("click", function () { selectBodyLine(area, problem.body_line); });
        item.appendChild(document.createTextNode(" "));
        item.appendChild(jump);
      }
      list.appendChild(item);
    });
    if (result.errors) {
      state.textContent = result.errors + " erreur(s) à corriger avant d'envoyer" +
        (result.warnings ? ", " + result.warnings + " avertissement(s)." : ".");
    } else if (result.warnings) {
      state.textContent = "Aucune erreur ; " + result.warnings + " avertissement(s) à lire.";
    } else {
      state.textContent = "Vérification : aucun problème.";
    }
  }

  function setUpLive(form) {
    var area = form.querySelector("textarea[data-corps]");
    var list = document.getElementById("verification");
    var state = document.getElementById("etat-verification");
    var preview = document.getElementById("apercu");
    var checkUrl = form.getAttribute("data-verifier");
    var previewUrl = form.getAttribute("data-apercu");
    if (!area || !list || !state || !preview || !checkUrl || !previewUrl) {
      return;
    }
    var timer = null;
    var round = 0;

    function run() {
      round += 1;
      var mine = round;
      state.textContent = "Vérification en cours…";
      post(checkUrl, form).then(function (answer) {
        if (mine !== round) {
          return;
        }
        if (!answer.ok) {
          state.textContent = answer.json.error ? answer.json.error.message : "Vérification impossible.";
          if (answer.status === 401) {
            // Signing in again gives a new session: this form could not be sent any more.
            state.textContent += " Copiez d'abord votre texte (il serait perdu), puis reconnectez-vous.";
          }
          return;
        }
        showProblems(form, area, list, state, answer.json);
      }).catch(function () {
        state.textContent = "Vérification impossible : le serveur ne répond pas.";
      });
      post(previewUrl, form).then(function (answer) {
        if (mine !== round) {
          return;
        }
        if (answer.ok) {
          // Rendered by the site's Markdown and cleaned by its HTML allow-list on the server.
          preview.innerHTML = answer.json.html;
        } else if (answer.json.error) {
          preview.textContent = answer.json.error.message;
        }
      }).catch(function () {
        preview.textContent = "Aperçu impossible : le serveur ne répond pas.";
      });
    }

    function later() {
      if (timer) {
        window.clearTimeout(timer);
      }
      timer = window.setTimeout(run, PAUSE_MS);
    }

    form.addEventListener("input", later);
    form.addEventListener("change", later);
    run();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-formulaire-page]");
    if (!form) {
      return;
    }
    var area = form.querySelector("textarea[data-corps]");
    var toolbar = form.querySelector(".barre-outils");
    if (area && toolbar) {
      setUpToolbar(toolbar, area);
    }
    setUpLive(form);
  });
})();
