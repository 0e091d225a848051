/* Entraide: when the server's search API answers (`entraide serve`), the header's
   search box leads to the search page; on a static host, Material's search stays.
   Runs synchronously inside the header, before Material's bundle: when the answer
   is already known, Material never downloads its own (large) search index. */
(function () {
  "use strict";
  var KEY = "entraide.api-recherche";
  var DAY = 24 * 60 * 60 * 1000;
  var form = document.querySelector(".entraide-entete-recherche");
  if (!form || !window.fetch) {
    return;
  }

  function remembered() {
    try {
      var value = JSON.parse(window.localStorage.getItem(KEY) || "null");
      if (value && typeof value.at === "number" && Date.now() - value.at < DAY) {
        return value.ok === true;
      }
    } catch (error) {
      /* storage refused (private mode): ask the server again */
    }
    return null;
  }

  function remember(ok) {
    try {
      window.localStorage.setItem(KEY, JSON.stringify({ ok: ok, at: Date.now() }));
    } catch (error) {
      /* nothing to keep */
    }
  }

  function editing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  function onShortcut(event) {
    if (event.ctrlKey || event.metaKey || event.altKey || editing(event.target)) {
      return;
    }
    if (event.key !== "/" && event.key !== "s" && event.key !== "f") {
      return;
    }
    event.preventDefault();
    event.stopPropagation();
    var field = form.querySelector("input");
    if (field && field.offsetParent !== null) {
      field.focus();
    } else {
      window.location.href = form.getAttribute("action");
    }
  }

  function activate() {
    var root = document.documentElement;
    if (root.classList.contains("entraide-api")) {
      return;
    }
    root.classList.add("entraide-api");
    /* Without its box, Material neither downloads its index nor opens its dialog for a
       "?q=" in the address (our search page uses it too), which would lock scrolling. */
    var material = document.querySelector(".md-search");
    if (material) {
      material.parentNode.removeChild(material);
    }
    var toggle = document.getElementById("__search");
    if (toggle && toggle.checked) {
      toggle.checked = false;
      toggle.dispatchEvent(new Event("change"));
    }
    /* Material's shortcuts (f, s, /) would open its hidden box: they open ours. */
    window.addEventListener("keydown", onShortcut, true);
  }

  var known = remembered();
  if (known === true) {
    activate();
  } else if (known === null) {
    window
      .fetch(form.getAttribute("data-probe"), { headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (labels) {
        var ok = Boolean(labels && typeof labels === "object" && labels.mediation);
        remember(ok);
        if (ok) {
          activate();
        }
      })
      .catch(function () {
        remember(false);
      });
  }
})();
