// Live agenda rows for a docking event. A page that lists a participant's meetings includes
// this script and marks its rows' containers with data-event-agenda="<eventId>" (one per
// agenda: an enterprise has one per need) and each row with data-meeting-id. When the desk cancels a meeting (a no-show) or confirms a refill, the
// user's /notifications channel carries an "event.agenda" notification; the container is then
// re-rendered from the page itself (the server renders and escapes every row), and the changed
// row is highlighted.
(function () {
  "use strict";

  // The layout loads the Socket.IO client after the page's own scripts: start once every
  // deferred script has run.
  // (Deferred scripts run while readyState is "interactive", before DOMContentLoaded.)
  if (document.readyState === "complete") start();
  else document.addEventListener("DOMContentLoaded", start);

  function start() {
    var containers = Array.from(document.querySelectorAll("[data-event-agenda]"));
    if (containers.length === 0 || typeof window.io !== "function") return;
    var eventId = Number(containers[0].getAttribute("data-event-agenda"));
    var selector = '[data-event-agenda="' + eventId + '"]';
    var status = document.querySelector("[data-agenda-status]");
    var pending = null;

    function refresh(meetingId) {
      // Several changes at once (a no-show cancels a whole afternoon) make one request.
      if (pending)
        return pending.then(function () {
          highlight(meetingId);
        });
      pending = window
        .fetch(window.location.href, { credentials: "same-origin", headers: { accept: "text/html" } })
        .then(function (response) {
          return response.text();
        })
        .then(function (html) {
          var fresh = new window.DOMParser().parseFromString(html, "text/html").querySelectorAll(selector);
          containers.forEach(function (container, index) {
            if (fresh[index]) container.replaceChildren.apply(container, Array.from(fresh[index].childNodes));
          });
          highlight(meetingId);
          if (status) status.textContent = status.getAttribute("data-text-updated") || "";
          document.documentElement.setAttribute("data-agenda-version", String(Date.now()));
        })
        .finally(function () {
          pending = null;
        });
      return pending;
    }

    function highlight(meetingId) {
      var row = document.querySelector(selector + ' [data-meeting-id="' + meetingId + '"]');
      if (row) row.classList.add("agenda-changed");
    }

    var socket = window.io("/notifications", { withCredentials: true });
    socket.on("notification", function (notification) {
      if (notification.type === "event.agenda" && notification.eventId === eventId) refresh(notification.meetingId);
    });
  }
})();
