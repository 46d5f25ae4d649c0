// The projector's wall: the current slot's table plan. It reloads itself when the slot ends
// (the server knows the clock and the breaks) and when a refill or no-show changes the plan
// (the /events namespace's wall room). No controls: a projector is not touched.
(function () {
  "use strict";

  var wall = document.querySelector("[data-event-wall]");
  if (!wall) return;
  var eventId = Number(wall.getAttribute("data-event-id"));
  var token = wall.getAttribute("data-wall-token") || undefined;
  var nextChange = Date.parse(wall.getAttribute("data-next-change") || "");
  if (!Number.isNaN(nextChange)) {
    window.setTimeout(
      function () {
        window.location.reload();
      },
      Math.max(1000, nextChange - Date.now() + 1000),
    );
  }
  if (typeof window.io !== "function") return;
  var socket = window.io("/events", { withCredentials: true });
  socket.on("connect", function () {
    socket.emit("event:watch", token ? { eventId: eventId, wallToken: token } : { eventId: eventId }, function () {});
  });
  socket.on("meetings:changed", function (message) {
    if (message.eventId === eventId) window.location.reload();
  });
})();
