/* Entraide, "take it with you": the « Imprimer » button of every page and handout,
   folded details opened for print, and the offline copy's age on its home page.
   An external file: the site's Content-Security-Policy allows no inline script. */
(function () {
  "use strict";

  function addPrintButton() {
    document.querySelectorAll("[data-entraide-imprimer]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
    var title = document.querySelector("article.md-content__inner > h1");
    if (!title || document.querySelector(".entraide-imprimer")) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "entraide-imprimer";
    button.textContent = "Imprimer";
    button.title = "Imprimer cette page (les deux parcours, adresses des liens écrites)";
    button.addEventListener("click", function () { window.print(); });
    title.parentNode.insertBefore(button, title);
  }

  var closed = [];
  function openDetailsForPrint() {
    closed = Array.prototype.filter.call(document.querySelectorAll("details"), function (d) {
      return !d.open;
    });
    closed.forEach(function (d) { d.open = true; });
  }
  function restoreDetails() {
    closed.forEach(function (d) { d.open = false; });
    closed = [];
  }

  function showCopyAge() {
    var notice = document.querySelector("[data-entraide-copie]");
    if (!notice) { return; }
    var today = new Date().toISOString().slice(0, 10);
    var dates = (notice.dataset.staleDates || "").split(" ").filter(Boolean);
    var stale = dates.filter(function (due) { return due <= today; }).length;
    var warning = notice.querySelector("[data-entraide-copie-ancienne]");
    var count = notice.querySelector("[data-entraide-copie-nombre]");
    if (warning && stale > 0) {
      if (count) { count.textContent = String(stale); }
      warning.hidden = false;
    }
  }

  function start() {
    addPrintButton();
    showCopyAge();
  }
  window.addEventListener("beforeprint", openDetailsForPrint);
  window.addEventListener("afterprint", restoreDetails);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
