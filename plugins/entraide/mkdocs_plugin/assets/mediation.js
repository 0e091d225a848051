/* Entraide: the control that shows one track or both, and review expiry
   computed again on the day the page is read (static sites are rebuilt rarely).
   Without JavaScript every track shows, labelled. */
(function () {
  "use strict";
  var STORAGE_KEY = "entraide-track";

  function remember(choice) {
    try { window.localStorage.setItem(STORAGE_KEY, choice); } catch (error) { /* private mode */ }
  }
  function recalled() {
    try { return window.localStorage.getItem(STORAGE_KEY) || "both"; } catch (error) { return "both"; }
  }

  function show(choice, buttons) {
    if (choice === "both") {
      document.documentElement.removeAttribute("data-entraide-track");
    } else {
      document.documentElement.setAttribute("data-entraide-track", choice);
    }
    buttons.forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.dataset.track === choice));
    });
  }

  function addTrackSwitch() {
    var tracks = document.querySelectorAll(".entraide-track");
    if (!tracks.length) { return; }
    var labels = {};
    tracks.forEach(function (track) {
      var label = track.querySelector(".entraide-track__label");
      if (!labels[track.dataset.track]) {
        labels[track.dataset.track] = label ? label.textContent : track.dataset.track;
      }
    });
    var slugs = Object.keys(labels);
    if (slugs.length < 2) { return; }
    var group = document.createElement("div");
    group.className = "entraide-track-switch";
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "Parcours à afficher");
    var legend = document.createElement("span");
    legend.className = "entraide-track-switch__legend";
    legend.textContent = "Afficher :";
    group.appendChild(legend);
    var choices = [["both", "Les deux parcours"]].concat(slugs.map(function (slug) {
      return [slug, labels[slug]];
    }));
    var buttons = choices.map(function (choice) {
      var button = document.createElement("button");
      button.type = "button";
      button.dataset.track = choice[0];
      button.textContent = choice[1];
      button.addEventListener("click", function () {
        remember(choice[0]);
        show(choice[0], buttons);
      });
      group.appendChild(button);
      return button;
    });
    tracks[0].parentNode.insertBefore(group, tracks[0]);
    var initial = recalled();
    show(slugs.indexOf(initial) >= 0 ? initial : "both", buttons);
  }

  function refreshReviewNotices() {
    var today = new Date().toISOString().slice(0, 10);
    document.querySelectorAll("[data-review-due]").forEach(function (notice) {
      var expired = notice.dataset.reviewDue <= today;
      var banner = notice.parentNode.querySelector("[data-review-expired]");
      if (banner) { banner.hidden = !expired; }
    });
  }

  function start() {
    addTrackSwitch();
    refreshReviewNotices();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
