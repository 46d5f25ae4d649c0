// Live notifications for signed-in users: invitations, answers and newly matching needs.
// Pages show the same facts on their next load; this only saves the user a reload.
(function () {
  "use strict";

  var region = document.querySelector("[data-notifications]");
  if (!region || typeof window.io !== "function") return;
  var badge = document.querySelector("[data-notification-badge]");
  var unread = 0;

  /** The page's translation of a notification, with {placeholders} filled from it. */
  function textOf(notification) {
    var template = region.getAttribute("data-text-" + notification.type.replace(/\./g, "-")) || "";
    if (notification.type === "invitation.answered") {
      template = region.getAttribute("data-text-invitation-" + notification.status) || template;
    }
    var values = Object.assign({ slotNumber: notification.slot == null ? "" : notification.slot + 1 }, notification);
    return template.replace(/\{(\w+)\}/g, function (_, key) {
      return values[key] === undefined ? "" : String(values[key]);
    });
  }

  function hrefOf(notification) {
    if (notification.type === "engagement.message") return "/engagements/" + notification.invitationId;
    if (notification.type === "invitation.answered" && notification.status === "accepted") {
      return "/engagements/" + notification.invitationId;
    }
    if (notification.type === "event.agenda") return "/events/" + notification.eventId + "/today";
    if (notification.type === "import.finished") return "/organizer/import/" + notification.importJobId;
    if (notification.type === "event.published") return "/events/" + notification.eventId + "/agenda";
    if (notification.type === "invitation.received" || notification.type === "question.forwarded") return "/inbox";
    return "/needs/" + notification.needId;
  }

  function show(notification) {
    // Pages that show a notification's subject themselves (an engagement's thread) listen for this.
    document.dispatchEvent(new window.CustomEvent("scibridge:notification", { detail: notification }));
    // The job's and the event's own pages show progress.
    if (notification.type === "import.progress" || notification.type.indexOf("event.assignment.") === 0) return;
    var toast = document.createElement("a");
    toast.className = "toast";
    toast.href = hrefOf(notification);
    toast.textContent = textOf(notification); // user text (titles, names) never becomes markup
    region.appendChild(toast);
    window.setTimeout(function () {
      toast.remove();
    }, 8000);
    if (badge && notification.type !== "invitation.answered") {
      unread += 1;
      badge.textContent = String(unread);
      badge.hidden = false;
    }
  }

  var socket = window.io("/notifications", { withCredentials: true });
  socket.on("notification", show);
})();
