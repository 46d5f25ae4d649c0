// The organizers' check-in desk on the live day: check-in, undo and no-show go through the
// JSON API without reloading, and refill proposals arrive live on the /events namespace
// (docs/realtime-protocol.md, "Docking events"). Without this script the forms still work.
(function () {
  "use strict";

  var desk = document.querySelector("[data-live-desk]");
  if (!desk) return;
  var eventId = Number(desk.getAttribute("data-event-id"));
  var csrf = desk.getAttribute("data-csrf") || "";
  var list = desk.querySelector("[data-proposals]");
  var none = desk.querySelector("[data-no-proposals]");
  var count = desk.querySelector("[data-proposal-count]");
  var text = function (name) {
    return desk.getAttribute("data-text-" + name) || "";
  };
  // Each refusal reason's text in the page's language (server/http/events/event-refusals.ts).
  var refusals = JSON.parse(desk.getAttribute("data-refusals") || "{}");

  /**
   * The API's refusal in the page's language: its reason's text filled with the details' values
   * (statuses by their labels), else the API's message, else the generic failure.
   */
  function refusalText(error) {
    var details = (error && error.details) || {};
    var template = refusals.texts && refusals.texts[details.reason];
    if (typeof template === "string") {
      var complete = true;
      var filled = template.replace(/\{(\w+)\}/g, function (whole, name) {
        var items = [].concat(details[name]);
        var shown = items.map(function (item) {
          var status = refusals.statusFields.indexOf(name) >= 0 ? refusals.statuses[item] : undefined;
          return typeof status === "string" ? status : item;
        });
        var plain = shown.every(function (item) {
          return typeof item === "string" || typeof item === "number";
        });
        if (!plain) complete = false;
        return plain ? shown.join(refusals.separator) : whole;
      });
      if (complete) return filled;
    }
    return (error && error.message) || text("failed");
  }

  function api(method, path, body) {
    return window
      .fetch(path, {
        method: method,
        headers: { "content-type": "application/json", "x-csrf-token": csrf },
        credentials: "same-origin",
        body: body ? JSON.stringify(body) : undefined,
      })
      .then(function (response) {
        return response.json().then(function (json) {
          if (!response.ok) throw new Error(refusalText(json.error));
          return json;
        });
      });
  }

  function say(message) {
    var region = document.querySelector("[data-notifications]");
    if (!region) return;
    var toast = document.createElement("p");
    toast.className = "toast";
    toast.textContent = message;
    region.appendChild(toast);
    window.setTimeout(function () {
      toast.remove();
    }, 6000);
  }

  function counted() {
    var n = list.querySelectorAll("[data-proposal]").length;
    count.textContent = String(n);
    none.hidden = n > 0;
  }

  /** One proposal row, built from data (names are text, never markup). */
  function proposalRow(p) {
    var item = document.createElement("li");
    item.className = "inbox-item";
    item.setAttribute("data-proposal", "");
    item.setAttribute("data-slot", String(p.slot));
    item.setAttribute("data-need-id", String(p.need.id));
    item.setAttribute("data-expert-id", String(p.expert.id));
    var label = document.createElement("span");
    label.textContent =
      text("slot").replace("{slot}", String(p.slot + 1)) +
      " · #" +
      (p.tableNo + 1) +
      " · " +
      p.need.name +
      text("parenthetical").replace("{text}", p.need.organization) +
      " ↔ " +
      p.expert.name +
      text("parenthetical").replace("{text}", p.expert.organization) +
      " · " +
      p.score.toFixed(2);
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-primary";
    button.textContent = text("confirm");
    button.addEventListener("click", function () {
      button.disabled = true;
      api("POST", "/api/events/" + eventId + "/live/refills", {
        slot: p.slot,
        needId: p.need.id,
        expertId: p.expert.id,
        tableNo: p.tableNo,
      }).then(
        function () {
          say(text("confirmed").replace("{need}", p.need.name).replace("{expert}", p.expert.name));
        },
        function (error) {
          button.disabled = false;
          say(error.message);
        },
      );
    });
    item.appendChild(label);
    item.appendChild(button);
    return item;
  }

  function removeProposals(slot, needId, expertId) {
    list.querySelectorAll("[data-proposal]").forEach(function (row) {
      if (Number(row.getAttribute("data-slot")) !== slot) return;
      if (
        Number(row.getAttribute("data-need-id")) === needId ||
        Number(row.getAttribute("data-expert-id")) === expertId
      )
        row.remove();
    });
    counted();
  }

  function showState(participant) {
    var row = desk.querySelector('[data-participant-id="' + participant.id + '"]');
    if (!row) return;
    var state = participant.noShowAt ? "absent" : participant.checkedInAt ? "present" : "expected";
    row.setAttribute("data-state", state);
    row.querySelector("[data-state-label]").textContent = text(state);
    row.querySelectorAll("[data-desk-action]").forEach(function (form) {
      var action = form.getAttribute("data-desk-action");
      form.hidden =
        state === "absent" ||
        (action === "check-in" && state === "present") ||
        (action === "undo" && state !== "present");
    });
  }

  // The desk's forms, without a reload: the row shows the new state from the answer.
  desk.querySelectorAll("[data-desk-action]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var row = form.closest("[data-participant-id]");
      var base = row.getAttribute("data-api");
      var action = form.getAttribute("data-desk-action");
      var call =
        action === "check-in"
          ? api("POST", base + "/check-in")
          : action === "undo"
            ? api("DELETE", base + "/check-in")
            : api("POST", base + "/no-show", {});
      call.then(
        function (result) {
          showState(result.id ? result : { id: Number(row.getAttribute("data-participant-id")), noShowAt: "now" });
        },
        function (error) {
          say(error.message);
        },
      );
    });
  });
  // A form for a proposal rendered with the page confirms through the API too.
  desk.querySelectorAll("[data-confirm-refill]").forEach(function (form) {
    var row = form.closest("[data-proposal]");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var data = new window.FormData(form);
      api("POST", "/api/events/" + eventId + "/live/refills", {
        slot: Number(data.get("slot")),
        needId: Number(data.get("needId")),
        expertId: Number(data.get("expertId")),
        tableNo: Number(data.get("tableNo")),
      }).then(undefined, function (error) {
        say(error.message);
        row.remove();
        counted();
      });
    });
  });

  if (typeof window.io !== "function") return;
  var socket = window.io("/events", { withCredentials: true });
  socket.on("connect", function () {
    socket.emit("event:watch", { eventId: eventId }, function () {});
  });
  socket.on("refill:proposed", function (message) {
    if (message.eventId !== eventId) return;
    message.proposals.forEach(function (p) {
      removeProposals(p.slot, p.need.id, p.expert.id);
      list.appendChild(proposalRow(p));
    });
    counted();
  });
  socket.on("refill:confirmed", function (message) {
    if (message.eventId !== eventId) return;
    removeProposals(message.meeting.slot, message.meeting.needId, message.meeting.expertId);
  });
  socket.on("participant:changed", function (message) {
    if (message.eventId === eventId) showState(message.participant);
  });
})();
