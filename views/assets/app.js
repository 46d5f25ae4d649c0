// SciBridge small enhancements. Every page works without this script.
(function () {
  "use strict";

  // Ask before irreversible-looking actions: <button data-confirm="…">. The question opens in the
  // layout's modal <dialog> (as the salon room's moderators' dialogs do): focus moves in, Escape or
  // Cancel closes it with nothing sent, and only its confirm button (labelled like the form's own
  // button) submits the form again, with the same button, so its name and value still go along.
  var confirmDialog = document.getElementById("confirm-dialog");
  var confirmed = null;
  // Captured on the way down, so a page script's own submit listener on the form (the live desk
  // sends its forms through the API) only runs once the question is answered.
  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      var submitter = event.submitter;
      var message = submitter && submitter.getAttribute("data-confirm");
      if (!message) return;
      if (confirmed === form) return;
      event.preventDefault();
      event.stopPropagation();
      var go = function () {
        confirmed = form;
        if (form.requestSubmit) form.requestSubmit(submitter);
        else form.submit();
        confirmed = null;
      };
      if (!confirmDialog || typeof confirmDialog.showModal !== "function") {
        if (window.confirm(message)) go();
        return;
      }
      document.getElementById("confirm-dialog-text").textContent = message;
      var label = (submitter.textContent || "").trim();
      if (label) document.getElementById("confirm-dialog-ok").textContent = label;
      confirmDialog.returnValue = "";
      confirmDialog.addEventListener("close", function onClose() {
        confirmDialog.removeEventListener("close", onClose);
        if (confirmDialog.returnValue === "confirm") go();
      });
      confirmDialog.showModal();
    },
    true,
  );

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
