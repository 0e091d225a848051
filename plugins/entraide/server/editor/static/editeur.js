// Entraide editor: behaviour shared by every editor page. Loaded from /edition/static
// only (the editor's policy allows no inline script). Pages work without it.
"use strict";

(function () {
  // Moving focus to the main landmark after following the skip link, in every browser.
  document.addEventListener("DOMContentLoaded", function () {
    var skip = document.querySelector(".evitement");
    var main = document.getElementById("contenu");
    if (skip && main) {
      skip.addEventListener("click", function () { main.focus(); });
    }
  });
})();
