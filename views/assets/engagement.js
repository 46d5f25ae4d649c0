// The engagement thread: messages from the other side appear live (notifications.js hands
// them over as "scibridge:notification" events), and one's own are posted without a reload.
// Without JavaScript the form posts and the page reloads with the thread.
(function () {
  "use strict";

  var thread = document.querySelector("[data-thread]");
  var form = document.querySelector("[data-thread-form]");
  if (!thread || !form) return;
  var invitationId = Number(thread.getAttribute("data-thread"));
  var empty = document.querySelector("[data-thread-empty]");
  // The same date and time the server renders for the thread (formatDateTime): Beijing time,
  // whatever the visitor's own time zone, so live messages match the ones already on the page.
  var dateTime = new Intl.DateTimeFormat(document.documentElement.lang === "en" ? "en-GB" : "zh-CN", {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "Asia/Shanghai",
  });

  function append(message, mine) {
    if (thread.querySelector('[data-message-id="' + message.id + '"]')) return;
    var item = document.createElement("li");
    item.className = "thread-message" + (mine ? " mine" : "");
    item.setAttribute("data-message-id", String(message.id));
    var author = document.createElement("span");
    author.className = "thread-author";
    author.textContent = message.authorName; // user text never becomes markup
    var time = document.createElement("span");
    time.className = "muted small";
    time.textContent = dateTime.format(new Date(message.createdAt));
    var body = document.createElement("p");
    body.className = "thread-body";
    body.textContent = message.body;
    item.append(author, " ", time, body);
    thread.appendChild(item);
    if (empty) empty.hidden = true;
  }

  document.addEventListener("scibridge:notification", function (event) {
    var notification = event.detail;
    if (notification.type !== "engagement.message" || notification.invitationId !== invitationId) return;
    append(
      {
        id: notification.messageId,
        authorName: notification.authorName,
        body: notification.body,
        createdAt: notification.createdAt,
      },
      false,
    );
  });

  // The server's refusal of an earlier empty message stops applying once a message is sent.
  function clearRefusal(textarea) {
    var error = form.querySelector(".field-error");
    if (error) error.remove();
    textarea.removeAttribute("aria-invalid");
    textarea.removeAttribute("aria-describedby");
  }

  form.addEventListener("submit", function (event) {
    var textarea = form.querySelector("textarea");
    var csrf = form.querySelector('input[name="_csrf"]');
    if (!textarea.value.trim() || !window.fetch) return; // the server explains an empty message
    event.preventDefault();
    var button = form.querySelector("button");
    button.disabled = true;
    window
      .fetch("/api/engagements/" + invitationId + "/messages", {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf ? csrf.value : "" },
        body: JSON.stringify({ body: textarea.value }),
      })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (message) {
        append(message, true);
        textarea.value = "";
        clearRefusal(textarea);
      })
      .catch(function () {
        form.submit(); // fall back to the plain form, which reports what went wrong
      })
      .finally(function () {
        button.disabled = false;
      });
  });
})();
