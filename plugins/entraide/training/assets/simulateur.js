/* Entraide: the one runtime of every form simulator of the practice kit.
   The page holds only an empty container (id "entraide-simulateur-<slug>"), the
   personas' links and the procedure link; the screens come from the generated
   file "simulateurs/<slug>.js" beside this script, loaded with a script element
   (works from file://, allowed by a script-src 'self' policy). The form is built
   here. Nothing leaves the tab: no network request, no form
   submission, no storage; closing the tab forgets everything.
   Accessibility: every field has a label; help, hints and errors are tied to it
   with aria-describedby; a wrong field gets aria-invalid; on submit an error
   summary with links to the fields takes the focus; each new screen moves the
   focus to its heading. */
(function () {
  "use strict";

  var counter = 0;
  var PREFIX = "entraide-simulateur-";
  var here = document.currentScript ? document.currentScript.src : "";
  var base = here.replace(/[^/]*$/, "");

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (attrs[key] === null || attrs[key] === undefined || attrs[key] === false) { return; }
      if (key === "text") { node.textContent = attrs[key]; } else { node.setAttribute(key, attrs[key]); }
    });
    (children || []).forEach(function (child) {
      if (child) { node.appendChild(typeof child === "string" ? document.createTextNode(child) : child); }
    });
    return node;
  }

  function normalised(value) {
    return String(value === undefined || value === null ? "" : value)
      .trim().toLowerCase().replace(/[\s\u00a0\u202f.]/g, "");
  }

  function asNumber(value) {
    var text = String(value).trim().replace(/[\s\u00a0\u202f€]/g, "").replace(",", ".");
    return text !== "" && !isNaN(Number(text)) ? Number(text) : null;
  }

  function same(given, expected) {
    var a = asNumber(given), b = asNumber(expected);
    if (a !== null && b !== null) { return Math.abs(a - b) < 0.01; }
    return normalised(given) === normalised(expected);
  }

  function Simulator(section, data) {
    var links = section.querySelectorAll(".entraide-simulateur__foyers a");
    var procedure = section.querySelector(".entraide-simulateur__procedure a");
    this.section = section;
    this.data = data;
    data.personas.forEach(function (persona, index) {
      persona.href = links[index] ? links[index].getAttribute("href") : "";
    });
    data.procedure = procedure
      ? { href: procedure.getAttribute("href"), title: procedure.textContent }
      : { href: "", title: "" };
    this.zone = section.querySelector(".entraide-simulateur__zone");
    this.prefix = "sim" + (++counter) + "-";
    this.mode = "guide";
    this.persona = this.data.personas.length ? this.data.personas[0] : null;
    this.values = {};
    this.errors = {};
    this.start();
  }

  Simulator.prototype.show = function (nodes, focus) {
    this.zone.textContent = "";
    nodes.forEach(function (node) { if (node) { this.zone.appendChild(node); } }, this);
    if (focus) { focus.focus(); }
  };

  Simulator.prototype.heading = function (text) {
    return el("h2", { "class": "entraide-simulateur__titre", tabindex: "-1", text: text });
  };

  Simulator.prototype.start = function () {
    var self = this, id = this.prefix;
    var modes = el("fieldset", { "class": "entraide-simulateur__modes" }, [
      el("legend", { text: "Mode d'entraînement" }),
      this.choice(id + "mode-guide", "mode", "guide", "Guidé : le médiateur montre, des indices s'affichent", this.mode === "guide"),
      this.choice(id + "mode-autonome", "mode", "autonome", "Autonome : la personne fait seule, sans indice", this.mode === "autonome")
    ]);
    var personaField = null;
    if (this.data.personas.length) {
      var select = el("select", { id: id + "foyer" }, this.data.personas.map(function (persona, index) {
        return el("option", { value: String(index), text: persona.name });
      }));
      personaField = el("div", { "class": "entraide-simulateur__champ" }, [
        el("label", { "for": id + "foyer", text: "Foyer fictif dont vous utilisez les papiers" }),
        select,
        el("p", { "class": "entraide-simulateur__aide" }, [
          "Ouvrez ses papiers dans un autre onglet : ",
          el("a", { href: this.data.personas[0].href, text: "page du foyer " + this.data.personas[0].name })
        ])
      ]);
      select.addEventListener("change", function () {
        var persona = self.data.personas[Number(select.value)];
        var link = personaField.querySelector("a");
        link.href = persona.href;
        link.textContent = "page du foyer " + persona.name;
      });
    }
    var form = el("form", { "class": "entraide-simulateur__formulaire", novalidate: "novalidate" }, [
      modes, personaField,
      el("button", { type: "submit", "class": "md-button md-button--primary", text: "Commencer la simulation" })
    ]);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      self.mode = form.querySelector("input[name='mode']:checked").value;
      if (personaField) { self.persona = self.data.personas[Number(personaField.querySelector("select").value)]; }
      self.values = {};
      self.errors = {};
      self.screen(0);
    });
    var title = this.heading("Avant de commencer");
    this.show([title, this.data.intro ? el("p", { text: this.data.intro }) : null, form], null);
  };

  Simulator.prototype.choice = function (id, name, value, label, checked, describedBy) {
    return el("div", { "class": "entraide-simulateur__choix" }, [
      el("input", { type: "radio", id: id, name: name, value: value, checked: checked ? "checked" : null, "aria-describedby": describedBy || null }),
      el("label", { "for": id, text: label })
    ]);
  };

  Simulator.prototype.fieldNode = function (field) {
    var id = this.prefix + field.id, ids = [], guided = this.mode === "guide";
    var help = field.help ? el("p", { id: id + "-aide", "class": "entraide-simulateur__aide", text: field.help }) : null;
    var hint = guided && field.hint ? el("p", { id: id + "-indice", "class": "entraide-simulateur__indice" }, [el("strong", { text: "Indice : " }), field.hint]) : null;
    var error = el("p", { id: id + "-erreur", "class": "entraide-simulateur__erreur", hidden: "hidden" });
    if (help) { ids.push(help.id); }
    if (hint) { ids.push(hint.id); }
    var value = this.values[field.id] || "";
    var required = field.required ? el("span", { "class": "entraide-simulateur__requis", text: " (obligatoire)" }) : null;
    if (field.kind === "radio") {
      var group = el("fieldset", { id: id, "class": "entraide-simulateur__champ", "aria-describedby": ids.join(" ") || null, tabindex: "-1" }, [
        el("legend", {}, [field.label, required])
      ].concat(help ? [help] : [], hint ? [hint] : [], [error], field.options.map(function (option, index) {
        return this.choice(id + "-" + index, id, option.value, option.label, value === option.value);
      }, this)));
      return group;
    }
    var input;
    if (field.kind === "select") {
      input = el("select", { id: id, name: field.id }, [el("option", { value: "", text: "— Choisissez —" })].concat(
        field.options.map(function (option) {
          return el("option", { value: option.value, text: option.label, selected: value === option.value ? "selected" : null });
        })));
    } else if (field.kind === "checkbox") {
      input = el("input", { type: "checkbox", id: id, name: field.id, value: "oui", checked: value === "oui" ? "checked" : null });
    } else {
      var types = { number: "text", date: "date", email: "email", tel: "tel", password: "password" };
      input = el("input", {
        type: types[field.kind] || "text", id: id, name: field.id, value: value,
        inputmode: field.kind === "number" ? "decimal" : null,
        autocomplete: field.autocomplete || "off", spellcheck: "false"
      });
    }
    input.setAttribute("aria-describedby", ids.join(" "));
    if (!ids.length) { input.removeAttribute("aria-describedby"); }
    if (field.required) { input.setAttribute("aria-required", "true"); }
    var label = el("label", { "for": id }, [field.label, required]);
    var children = field.kind === "checkbox" ? [input, label] : [label];
    children = children.concat(help ? [help] : [], hint ? [hint] : [], [error], field.kind === "checkbox" ? [] : [input]);
    return el("div", { "class": "entraide-simulateur__champ" + (field.kind === "checkbox" ? " entraide-simulateur__champ--case" : "") }, children);
  };

  Simulator.prototype.read = function (form, field) {
    var id = this.prefix + field.id;
    if (field.kind === "radio") {
      var checked = form.querySelector("input[name='" + id + "']:checked");
      return checked ? checked.value : "";
    }
    var input = form.querySelector("#" + id);
    if (field.kind === "checkbox") { return input.checked ? "oui" : ""; }
    return input.value.trim();
  };

  Simulator.prototype.problem = function (field, value) {
    var label = "« " + field.label + " »";
    if (value === "") {
      if (!field.required) { return null; }
      if (field.kind === "radio" || field.kind === "select") { return "Choisissez une réponse pour " + label + "."; }
      if (field.kind === "checkbox") { return "Cochez " + label + " pour continuer."; }
      return "Renseignez " + label + ".";
    }
    if (field.kind === "email" && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) {
      return field.message || "Saisissez une adresse e-mail valide, par exemple prenom.nom@example.org.";
    }
    if (field.kind === "date" && isNaN(Date.parse(value))) {
      return "Saisissez une date valide pour " + label + " (jour, mois, année).";
    }
    if (field.kind === "number") {
      var number = asNumber(value);
      if (number === null) { return "Saisissez un nombre pour " + label + ", sans lettre (par exemple 0 ou 1052,50)."; }
      if (field.min !== undefined && number < field.min) { return label + " ne peut pas être inférieur à " + field.min + "."; }
      if (field.max !== undefined && number > field.max) { return label + " ne peut pas dépasser " + field.max + "."; }
    }
    if (field.pattern && !new RegExp(field.pattern).test(value)) {
      return field.message || label + " n'a pas le format attendu.";
    }
    return null;
  };

  Simulator.prototype.screen = function (index) {
    var self = this, screen = this.data.screens[index], total = this.data.screens.length;
    var title = this.heading("Étape " + (index + 1) + " sur " + total + " : " + screen.title);
    var summary = el("div", { "class": "entraide-simulateur__resume-erreurs", tabindex: "-1", hidden: "hidden" });
    var form = el("form", { "class": "entraide-simulateur__formulaire", novalidate: "novalidate" },
      screen.fields.map(this.fieldNode, this));
    var buttons = el("div", { "class": "entraide-simulateur__boutons" }, [
      index > 0 ? el("button", { type: "button", "class": "md-button", text: "Étape précédente" }) : null,
      el("button", { type: "submit", "class": "md-button md-button--primary", text: index + 1 < total ? "Continuer" : "Valider" })
    ]);
    form.appendChild(buttons);
    if (index > 0) {
      buttons.firstChild.addEventListener("click", function () { self.screen(index - 1); });
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var found = [];
      screen.fields.forEach(function (field) {
        var value = self.read(form, field);
        var message = self.problem(field, value);
        self.values[field.id] = value;
        self.mark(form, field, message);
        if (message) {
          found.push({ field: field, message: message });
          self.errors[field.id] = (self.errors[field.id] || 0) + 1;
        }
      });
      if (found.length) {
        self.summarise(summary, found);
      } else if (index + 1 < total) {
        self.screen(index + 1);
      } else {
        self.end();
      }
    });
    this.show([
      title,
      screen.intro ? el("p", { text: screen.intro }) : null,
      screen.notice ? el("div", { "class": "entraide-simulateur__message", role: "note" }, [
        el("strong", { text: "Message du service : " }), screen.notice]) : null,
      this.mode === "guide" && screen.hint ? el("p", { "class": "entraide-simulateur__indice" }, [
        el("strong", { text: "Pour le médiateur : " }), screen.hint]) : null,
      summary, form
    ], title);
  };

  Simulator.prototype.mark = function (form, field, message) {
    var id = this.prefix + field.id;
    var error = form.querySelector("#" + id + "-erreur");
    var targets = field.kind === "radio"
      ? Array.prototype.slice.call(form.querySelectorAll("input[name='" + id + "']"))
      : [form.querySelector("#" + id)];
    error.textContent = message ? "Erreur : " + message : "";
    error.hidden = !message;
    targets.forEach(function (target) {
      var ids = (target.getAttribute("aria-describedby") || "").split(" ").filter(function (x) {
        return x && x !== error.id;
      });
      if (message) {
        target.setAttribute("aria-invalid", "true");
        ids.unshift(error.id);
      } else {
        target.removeAttribute("aria-invalid");
      }
      if (ids.length) { target.setAttribute("aria-describedby", ids.join(" ")); } else { target.removeAttribute("aria-describedby"); }
    });
  };

  Simulator.prototype.summarise = function (summary, found) {
    var self = this;
    summary.textContent = "";
    summary.appendChild(el("h3", { text: found.length === 1 ? "Il y a une erreur à corriger" : "Il y a " + found.length + " erreurs à corriger" }));
    summary.appendChild(el("ul", {}, found.map(function (item) {
      var target = self.prefix + item.field.id + (item.field.kind === "radio" ? "-0" : "");
      var link = el("a", { href: "#" + target, text: item.message });
      link.addEventListener("click", function (event) {
        event.preventDefault();
        var node = document.getElementById(target);
        if (node) { node.focus(); }
      });
      return el("li", {}, [link]);
    })));
    summary.hidden = false;
    summary.focus();
  };

  Simulator.prototype.end = function () {
    var self = this, answers = this.persona ? this.persona.answers : {};
    var right = [], wrong = [];
    this.data.screens.forEach(function (screen) {
      screen.fields.forEach(function (field) {
        var tries = self.errors[field.id] || 0;
        var expected = answers[field.id];
        var ok = expected === undefined || same(self.values[field.id], expected);
        var note = tries ? " (corrigé après " + tries + (tries > 1 ? " messages d'erreur)" : " message d'erreur)") : "";
        if (ok) {
          right.push(el("li", { text: field.label + note }));
        } else {
          wrong.push(el("li", {}, [
            el("strong", { text: field.label }),
            " : vous avez saisi « " + (self.values[field.id] || "rien") + " », les papiers du foyer donnent « " + expected + " »." + note,
            field.trap ? el("span", { "class": "entraide-simulateur__piege" }, [" Piège fréquent : " + field.trap]) : null
          ]));
        }
      });
    });
    var title = this.heading(this.data.end.title);
    var again = el("button", { type: "button", "class": "md-button", text: "Recommencer (choisir le mode)" });
    again.addEventListener("click", function () { self.start(); });
    this.show([
      title,
      el("p", { text: this.data.end.text }),
      el("div", { "class": "entraide-simulateur__bilan", role: "region", "aria-label": "Bilan de la simulation" }, [
        el("h3", { text: "Bilan (mode " + (this.mode === "guide" ? "guidé" : "autonome") + (this.persona ? ", foyer " + this.persona.name : "") + ")" }),
        el("h4", { text: "Ce qui était juste (" + right.length + ")" }),
        el("ul", {}, right),
        el("h4", { text: "Ce qui n'allait pas (" + wrong.length + ")" }),
        wrong.length ? el("ul", {}, wrong) : el("p", { text: "Rien : toutes les réponses correspondent aux papiers du foyer." }),
        el("p", {}, ["Pour la vraie démarche, pas à pas : ", el("a", { href: this.data.procedure.href, text: this.data.procedure.title })])
      ]),
      again
    ], title);
  };

  function start(section, slug) {
    var registry = window.entraideSimulateurs || {};
    if (registry[slug]) {
      new Simulator(section, registry[slug]);
      return;
    }
    var script = document.createElement("script");
    script.src = base + "simulateurs/" + encodeURIComponent(slug) + ".js";
    script.onload = function () {
      if ((window.entraideSimulateurs || {})[slug]) {
        new Simulator(section, window.entraideSimulateurs[slug]);
      }
    };
    script.onerror = function () {
      section.querySelector(".entraide-simulateur__zone").textContent =
        "Les écrans de ce simulateur sont introuvables : reconstruisez le site.";
    };
    document.head.appendChild(script);
  }

  function boot() {
    document.querySelectorAll(".entraide-simulateur").forEach(function (section) {
      if (section.id.indexOf(PREFIX) === 0 && !section.hasAttribute("data-demarre")) {
        section.setAttribute("data-demarre", "oui");
        start(section, section.id.slice(PREFIX.length));
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", boot);
  } else {
    boot();
  }
}());
