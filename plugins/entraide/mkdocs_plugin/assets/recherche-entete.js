/* Entraide: the header's search box is a plain form that opens the search page.
   Material's shortcuts for its own search (f, s, /) focus it instead: Entraide
   does not use Material's search. */
(function () {
  "use strict";
  var form = document.querySelector(".entraide-entete-recherche");
  if (!form) {
    return;
  }

  function editing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  window.addEventListener(
    "keydown",
    function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey || editing(event.target)) {
        return;
      }
      if (event.key !== "/" && event.key !== "s" && event.key !== "f") {
        return;
      }
      event.preventDefault();
      event.stopPropagation();
      var field = document.getElementById("entraide-q") || form.querySelector("input");
      if (field && field.offsetParent !== null) {
        field.focus();
      } else {
        window.location.href = form.getAttribute("action");
      }
    },
    true
  );
})();
