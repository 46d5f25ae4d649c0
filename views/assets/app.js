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

  // Move focus to the first field with an error so keyboard and screen-reader users land on it.
  document.addEventListener("DOMContentLoaded", function () {
    var invalid = document.querySelector('[aria-invalid="true"]');
    if (invalid && typeof invalid.focus === "function") invalid.focus();
  });
})();
