// The projector's wall: the current slot's table plan (before the day and during a break, the
// next slot's, shown as next). It reloads itself when the slot begins or ends (the server knows
// the clock and the breaks) and when a refill or no-show changes the plan
// (the /events namespace's wall room). No controls: a projector is not touched.
(function () {
  "use strict";

  var wall = document.querySelector("[data-event-wall]");
  if (!wall) return;
  var eventId = Number(wall.getAttribute("data-event-id"));
  var token = wall.getAttribute("data-wall-token") || undefined;
  // Reload when the slot begins or ends: the server says in how many milliseconds (by its clock,
  // so a projector whose clock is off still changes on time). A browser fires a timer longer
  // than about 24 days at once, so a wall opened long before the day waits in steps.
  var nextChangeIn = wall.getAttribute("data-next-change-in");
  var maxWait = 6 * 3600 * 1000;
  var due = Date.now() + Number(nextChangeIn) + 1000;
  function reloadWhenDue() {
    var wait = due - Date.now();
    if (wait > maxWait) {
      window.setTimeout(reloadWhenDue, maxWait);
      return;
    }
    window.setTimeout(
      function () {
        window.location.reload();
      },
      Math.max(1000, wait),
    );
  }
  if (nextChangeIn && !Number.isNaN(Number(nextChangeIn))) reloadWhenDue();
  if (typeof window.io !== "function") return;
  var socket = window.io("/events", { withCredentials: true });
  socket.on("connect", function () {
    socket.emit("event:watch", token ? { eventId: eventId, wallToken: token } : { eventId: eventId }, function () {});
  });
  socket.on("meetings:changed", function (message) {
    if (message.eventId === eventId) window.location.reload();
  });
})();
