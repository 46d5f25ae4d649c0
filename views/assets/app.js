// SciBridge small enhancements. Every page works without this script.
(function () {
  "use strict";

  // Ask before irreversible-looking actions: <button data-confirm="…">.
  document.addEventListener("submit", function (event) {
    var submitter = event.submitter;
    var message = submitter && submitter.getAttribute("data-confirm");
    if (message && !window.confirm(message)) event.preventDefault();
  });

  // Print buttons: <button data-print>.
  document.addEventListener("click", function (event) {
    var target = event.target;
    if (target && target.closest && target.closest("[data-print]")) window.print();
  });

  // On narrow screens the filter panel starts folded unless a filter is in use.
  if (window.matchMedia && window.matchMedia("(max-width: 1020px)").matches) {
    document.querySelectorAll("details[data-collapse-narrow]:not([data-active])").forEach(function (panel) {
      panel.removeAttribute("open");
    });
  }

  // The phone menu: a disclosure button folds the main links away on narrow screens (CSS decides
  // when the button shows; without this script the links wrap instead).
  var menuButton = document.querySelector(".menu-toggle");
  var menu = document.getElementById("main-nav");
  if (menuButton && menu) {
    menuButton.closest(".site-header").classList.add("has-menu");
    menuButton.hidden = false;
    menuButton.addEventListener("click", function () {
      var open = menuButton.getAttribute("aria-expanded") !== "true";
      menuButton.setAttribute("aria-expanded", open ? "true" : "false");
      menu.classList.toggle("is-open", open);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || menuButton.getAttribute("aria-expanded") !== "true") return;
      menuButton.setAttribute("aria-expanded", "false");
      menu.classList.remove("is-open");
      menuButton.focus();
    });
  }

  // Move focus to the first field with an error so keyboard and screen-reader users land on it.
  document.addEventListener("DOMContentLoaded", function () {
    var invalid = document.querySelector('[aria-invalid="true"]');
    if (invalid && typeof invalid.focus === "function") invalid.focus();
  });
})();
