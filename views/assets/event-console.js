// Keeps the organizer's event page current while an assignment runs: progress and the time
// left arrive live on the /notifications channel (event.assignment.progress); when the run
// ends (event.assignment.finished) the page reloads to show the result or the diagnosis.
(function () {
  "use strict";

  var root = document.querySelector("[data-event-console]");
  var box = document.querySelector("[data-run-progress]");
  if (!root || !box) return;
  var eventId = Number(root.getAttribute("data-event-console"));
  var runId = Number(box.getAttribute("data-run-progress"));
  var bar = box.querySelector("progress");
  var text = box.querySelector("[data-run-progress-text]");
  var etaTemplate = text.getAttribute("data-eta-template") || "";

  function checkFinished() {
    window
      .fetch("/api/events/" + eventId + "/runs/" + runId, {
        credentials: "same-origin",
        headers: { accept: "application/json" },
      })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (run) {
        if (run && run.status !== "running") window.location.reload();
      })
      .catch(function () {});
  }

  function listen() {
    if (!window.io) {
      // No Socket.IO client (blocked or failed to load): ask every two seconds instead.
      window.setInterval(checkFinished, 2000);
      return;
    }
    var socket = window.io("/notifications", { withCredentials: true });
    // A run may end before the socket connects: ask once on every (re)connection.
    socket.on("connect", checkFinished);
    socket.on("notification", show);
  }

  function show(note) {
    if (note.eventId !== eventId || note.runId !== runId) return;
    if (note.type === "event.assignment.finished") {
      window.location.reload();
      return;
    }
    if (note.type !== "event.assignment.progress") return;
    bar.value = note.percent;
    var line = note.phase + " · " + note.percent + "%";
    if (note.etaSeconds !== null) line += " · " + etaTemplate.replace("{seconds}", String(note.etaSeconds));
    text.textContent = line;
  }

  // The Socket.IO client is a deferred script at the end of the page: start once it has run.
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", listen);
  else listen();
})();
