// The live salon room. It joins the /salons namespace, keeps the room's state (the join's
// snapshot, then every salon:event in seq order; a gap means "join again with lastSeq"),
// and renders it. User text only ever reaches the page through textContent.
(function () {
  "use strict";

  var root = document.getElementById("salon-room");
  if (!root || typeof window.io !== "function") return;

  var salonId = Number(root.getAttribute("data-salon-id"));
  var signedIn = root.getAttribute("data-signed-in") === "1";
  var messages = JSON.parse(root.getAttribute("data-messages") || "{}");
  var logTypes = JSON.parse(root.getAttribute("data-log-types") || "[]");

  var state = null;
  var lastSeq = 0;
  var joining = false;
  var buffered = [];
  var clockOffset = 0;
  var sort = "top";
  var removed = false;
  var mutedByMe = {};
  var idPrefix = Math.random().toString(36).slice(2, 10) + Date.now().toString(36);
  var idCounter = 0;

  var pluralRules =
    window.Intl && Intl.PluralRules ? new Intl.PluralRules(document.documentElement.lang || "zh-CN") : null;
  // Times of day in Beijing, as the server renders them (formatClock), whatever the visitor's zone.
  var clock = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: "Asia/Shanghai" });

  /** A message, in the plural form `{count}` calls for when it has several ("1 vote", "2 votes"). */
  function t(key, values) {
    var text = messages[key] || key;
    if (typeof text === "object") {
      var count = values && Number(values.count);
      var form = pluralRules && isFinite(count) ? text[pluralRules.select(count)] : null;
      text = form || text.other;
    }
    return text.replace(/\{(\w+)\}/g, function (whole, name) {
      return values && Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  function byId(id) {
    return document.getElementById(id);
  }

  /** An element with a class and text (always textContent: user text is never parsed as HTML). */
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function button(label, className, onClick) {
    var node = el("button", className || "btn btn-ghost btn-sm", label);
    node.type = "button";
    node.addEventListener("click", onClick);
    return node;
  }

  function me() {
    return state && state.me;
  }

  function isModerator() {
    return Boolean(me() && me().moderator);
  }

  function isOpen() {
    return Boolean(state && state.settings.status === "open");
  }

  // ---- talking to the server

  var socket = window.io("/salons");

  function showFeedback(text) {
    var node = byId("room-feedback");
    node.textContent = text;
    node.hidden = false;
    window.clearTimeout(showFeedback.timer);
    showFeedback.timer = window.setTimeout(function () {
      node.hidden = true;
    }, 6000);
  }

  /**
   * A refusal in the page's language: its reason's text (salonRoom.refusal.<reason>) filled with
   * the details' values, else one for its code (the server's English message is for API clients).
   */
  function describeError(error) {
    var details = error.details || {};
    if (typeof details.reason === "string" && messages["refusal." + details.reason]) {
      var text = t("refusal." + details.reason, details);
      if (!/\{\w+\}/.test(text)) return text;
    }
    if (error.code === "rate_limited") {
      var seconds = (error.details && error.details.retryAfterSeconds) || 1;
      return t("error.rate_limited", { seconds: seconds });
    }
    if (error.code === "forbidden" || error.code === "unauthenticated") return t("error." + error.code);
    if (error.code === "validation_failed") return t("error.invalid");
    return t("error.generic");
  }

  /**
   * Sends an action with a fresh clientMutationId; when no answer comes (a dropped
   * connection), sends the same action again with the same id, which the server applies once.
   */
  function act(event, payload, done) {
    payload.salonId = salonId;
    idCounter += 1;
    payload.clientMutationId = idPrefix + "-" + idCounter;
    send(event, payload, 0, done);
  }

  function send(event, payload, attempt, done) {
    socket.timeout(8000).emit(event, payload, function (timedOut, response) {
      if (timedOut) {
        if (attempt < 3 && !removed) {
          window.setTimeout(
            function () {
              send(event, payload, attempt + 1, done);
            },
            1000 * (attempt + 1),
          );
        }
        return;
      }
      if (!response.ok) showFeedback(describeError(response.error));
      if (done) done(response);
    });
  }

  function join() {
    joining = true;
    var payload = { salonId: salonId };
    if (state) payload.lastSeq = lastSeq;
    socket.emit("salon:join", payload, function (response) {
      joining = false;
      if (!response.ok) {
        setNotice(describeError(response.error));
        return;
      }
      state = response.data.state;
      lastSeq = state.seq;
      clockOffset = Date.parse(state.now) - Date.now();
      var pending = buffered;
      buffered = [];
      pending.forEach(receive);
      renderAll();
    });
  }

  function receive(event) {
    if (event.salonId !== salonId) return;
    if (!state || joining) {
      buffered.push(event);
      return;
    }
    if (event.seq <= lastSeq) return;
    if (event.seq > lastSeq + 1) {
      // Something was missed (another node's event overtook, or a hiccup): catch up.
      buffered.push(event);
      join();
      return;
    }
    lastSeq = event.seq;
    state.seq = event.seq;
    apply(event);
  }

  socket.on("connect", function () {
    setConnection("live");
    join();
  });
  socket.on("disconnect", function (reason) {
    if (removed) return;
    // The server ends a connection for good only when the sign-in it was made with ends (a ban
    // or lost access is announced by salon:removed first); Socket.IO does not reconnect then.
    if (reason === "io server disconnect") endParticipation(t("connection.signedOut"));
    else setConnection("lost");
  });
  socket.on("connect_error", function () {
    setConnection("lost");
  });
  socket.on("salon:event", receive);
  socket.on("salon:presence", function (update) {
    if (!state || update.salonId !== salonId) return;
    state.presence = update.count;
    renderHeader();
  });
  socket.on("salon:removed", function (notice) {
    if (notice.salonId !== salonId) return;
    endParticipation(t(notice.reason === "banned" ? "connection.removed" : "connection.revoked"));
  });

  function endParticipation(message) {
    removed = true;
    document.querySelectorAll("dialog.modal-dialog[open]").forEach(function (dialog) {
      dialog.close();
    });
    setNotice(message);
    setConnection("removed");
    root.querySelectorAll("form, button, input, textarea, select").forEach(function (control) {
      control.disabled = true;
    });
  }

  // ---- applying events to the state

  function findQuestion(id) {
    for (var i = 0; i < state.questions.length; i++) if (state.questions[i].id === id) return state.questions[i];
    return null;
  }

  function upsertQuestion(question) {
    var existing = findQuestion(question.id);
    question.votedByMe = existing ? existing.votedByMe : false;
    state.questions = state.questions.filter(function (q) {
      return q.id !== question.id;
    });
    // Only what this viewer may read is listed; the rest shows in the counts.
    if (question.text !== null && question.status !== "merged") state.questions.push(question);
  }

  function findPoll(id) {
    for (var i = 0; i < state.polls.length; i++) if (state.polls[i].id === id) return state.polls[i];
    return null;
  }

  function myId() {
    return me() ? me().userId : null;
  }

  function apply(event) {
    var p = event.payload;
    switch (event.type) {
      case "salon.opened":
        state.settings.status = "open";
        state.queue.entries = state.queue.entries.concat(p.queued);
        break;
      case "salon.closed":
        state.settings.status = "closed";
        state.queue.current = null;
        break;
      case "salon.updated":
        Object.keys(p.changes).forEach(function (key) {
          if (Object.prototype.hasOwnProperty.call(state.settings, key)) state.settings[key] = p.changes[key];
        });
        if (p.changes.title) byId("room-title").textContent = p.changes.title;
        break;
      case "chat.sent":
        state.chat.push({ seq: event.seq, userId: p.userId, name: p.name, text: p.text, at: event.at });
        if (state.chat.length > 100) state.chat.shift();
        break;
      case "question.asked":
        if (p.question.status === "pending") state.pendingCount += 1;
        upsertQuestion(p.question);
        break;
      case "question.voted": {
        var voted = findQuestion(p.questionId);
        if (voted) {
          voted.votes = p.votes;
          if (p.userId !== null && p.userId === myId()) voted.votedByMe = true;
        }
        break;
      }
      case "question.moderated":
        if (p.from === "pending") state.pendingCount -= 1;
        if (p.from === "hidden") state.hiddenCount -= 1;
        if (p.question.status === "hidden") state.hiddenCount += 1;
        if (p.unpinnedId !== null && findQuestion(p.unpinnedId)) findQuestion(p.unpinnedId).pinned = false;
        upsertQuestion(p.question);
        if (p.into) upsertQuestion(p.into);
        break;
      case "question.linked":
        if (findQuestion(p.questionId)) findQuestion(p.questionId).needId = p.needId;
        break;
      case "hand.raised":
        state.queue.entries.push(p.entry);
        if (p.entry.userId === myId()) me().handRaised = true;
        break;
      case "hand.lowered":
        state.queue.entries = state.queue.entries.filter(function (entry) {
          return entry.entryId !== p.entryId;
        });
        if (p.userId === myId()) me().handRaised = false;
        break;
      case "queue.advanced":
        state.queue.current = p.current;
        if (p.current) {
          state.queue.entries = state.queue.entries.filter(function (entry) {
            return entry.entryId !== p.current.entryId;
          });
          if (p.current.userId === myId() && me()) me().handRaised = false;
        }
        break;
      case "poll.opened":
        state.polls.push(
          Object.assign({}, p.poll, {
            results: {
              counts: p.poll.options.map(function () {
                return 0;
              }),
              voters: 0,
            },
            myChoice: null,
          }),
        );
        break;
      case "poll.voted": {
        var poll = findPoll(p.pollId);
        if (poll) {
          poll.results = p.results;
          if (p.userId !== null && p.userId === myId()) poll.myChoice = p.optionIds;
        }
        break;
      }
      case "poll.closed": {
        var closed = findPoll(p.poll.id);
        if (closed) Object.assign(closed, p.poll, { results: p.results });
        break;
      }
      case "reactions":
        burst(p.counts);
        break;
      case "member.muted":
        if (p.userId !== null && p.userId === myId()) me().muted = p.muted;
        if (isModerator()) mutedByMe[p.userId] = p.muted;
        break;
    }
    if (state.moderationLog && event.actor && logTypes.indexOf(event.type) >= 0) {
      state.moderationLog.push(event);
      if (state.moderationLog.length > 200) state.moderationLog.shift();
    }
    renderAll();
  }

  // ---- rendering

  function setConnection(name) {
    var node = byId("room-connection");
    node.setAttribute("data-state", name);
    if (name !== "removed") node.textContent = t("connection." + name);
    else node.textContent = "";
  }

  function setNotice(text) {
    var node = byId("room-notice");
    node.textContent = text;
    node.hidden = !text;
  }

  function renderHeader() {
    byId("room-presence").textContent = t("presence", { count: state.presence });
    var status = byId("room-status");
    status.className = "badge salon-status-" + state.settings.status;
    status.textContent = t("salon.status." + state.settings.status);
    root.setAttribute("data-status", state.settings.status);
    if (!removed) {
      if (state.settings.status === "open") setNotice("");
      else setNotice(t(state.settings.status === "closed" ? "closedNotice" : "notOpen"));
    }
    ["ask-form", "chat-form"].forEach(function (id) {
      var form = byId(id);
      if (!form) return;
      form.querySelectorAll("textarea, input, button").forEach(function (control) {
        control.disabled = removed || !isOpen();
      });
    });
    root.querySelectorAll("[data-reaction]").forEach(function (control) {
      control.disabled = !signedIn || removed || !isOpen();
    });
    var premoderation = byId("premoderation-toggle");
    if (premoderation) premoderation.checked = state.settings.premoderation;
    var slow = byId("slow-mode");
    if (slow) {
      var value = String(state.settings.slowModeSeconds);
      if (!slow.querySelector('option[value="' + value + '"]')) slow.appendChild(el("option", "", value)).value = value;
      slow.value = value;
    }
  }

  function sortedQuestions() {
    var list = state.questions.slice();
    list.sort(function (a, b) {
      if (a.pinned !== b.pinned) return a.pinned ? -1 : 1;
      if (sort === "top" && a.votes !== b.votes) return b.votes - a.votes;
      return sort === "top"
        ? Date.parse(a.createdAt) - Date.parse(b.createdAt)
        : Date.parse(b.createdAt) - Date.parse(a.createdAt);
    });
    return list;
  }

  function moderate(question, action, extra) {
    var payload = { questionId: question.id, action: action };
    Object.keys(extra || {}).forEach(function (key) {
      payload[key] = extra[key];
    });
    act("question:moderate", payload);
  }

  // ---- moderators' dialogs (room.hbs): no browser prompt boxes

  /**
   * Opens one of the moderators' dialogs, modal, and calls `confirmed` when it closes through
   * its confirm button; Escape and Cancel close it with nothing done.
   */
  function ask(dialogId, confirmed) {
    var dialog = byId(dialogId);
    dialog.returnValue = "";
    dialog.addEventListener("close", function onClose() {
      dialog.removeEventListener("close", onClose);
      if (dialog.returnValue === "confirm" && !removed) confirmed();
    });
    dialog.showModal();
  }

  /** Merging picks the target from the questions on the list (shown or answered ones take merges). */
  function askMerge(q) {
    byId("merge-dialog-title").textContent = t("mod.mergeTitle", { id: q.id });
    byId("merge-dialog-source").textContent = q.text;
    var box = byId("merge-choices");
    box.replaceChildren();
    var targets = sortedQuestions().filter(function (other) {
      return other.id !== q.id && (other.status === "visible" || other.status === "answered");
    });
    targets.forEach(function (target) {
      var choice = el("label", "merge-choice");
      var radio = document.createElement("input");
      radio.type = "radio";
      radio.name = "merge-into";
      radio.value = String(target.id);
      radio.required = true;
      choice.appendChild(radio);
      choice.appendChild(
        el("span", "", t("mod.questionVotes", { id: target.id, count: target.votes, text: target.text })),
      );
      box.appendChild(choice);
    });
    byId("merge-none").hidden = targets.length > 0;
    byId("merge-confirm").disabled = targets.length === 0;
    ask("merge-dialog", function () {
      var chosen = box.querySelector("input:checked");
      if (chosen) moderate(q, "merge", { intoQuestionId: Number(chosen.value) });
    });
  }

  function askHide(q) {
    byId("hide-dialog-title").textContent = t("mod.hideTitle", { id: q.id });
    byId("hide-dialog-source").textContent = q.text;
    var reason = byId("hide-reason");
    reason.value = "";
    ask("hide-dialog", function () {
      var text = reason.value.trim();
      moderate(q, "hide", text ? { reason: text } : {});
    });
  }

  function personActions(userId, name) {
    var box = el("span", "person-actions");
    if (!isModerator() || userId === myId()) return box;
    box.appendChild(
      button(t(mutedByMe[userId] ? "mod.unmute" : "mod.mute"), "btn btn-ghost btn-xs", function () {
        act("member:mute", { userId: userId, muted: !mutedByMe[userId] }, function (response) {
          if (response.ok) {
            mutedByMe[userId] = response.data.muted;
            renderAll();
          }
        });
      }),
    );
    box.appendChild(
      button(t("mod.ban"), "btn btn-danger-ghost btn-xs", function () {
        byId("ban-dialog-text").textContent = t("mod.banConfirm", { name: name });
        ask("ban-dialog", function () {
          act("member:ban", { userId: userId });
        });
      }),
    );
    return box;
  }

  function renderQuestion(q) {
    var item = el("li", "question");
    item.setAttribute("data-question-id", String(q.id));
    item.setAttribute("data-status", q.status);
    if (q.pinned) item.classList.add("is-pinned");

    var voteBox = el("div", "question-votes");
    var vote = button("▲", "vote-button", function () {
      act("question:vote", { questionId: q.id });
    });
    vote.setAttribute("aria-pressed", q.votedByMe ? "true" : "false");
    vote.setAttribute("aria-label", t(q.votedByMe ? "questions.voted" : "questions.vote"));
    vote.disabled = !signedIn || q.mine || q.votedByMe || q.status !== "visible" || !isOpen() || removed;
    voteBox.appendChild(vote);
    voteBox
      .appendChild(el("span", "vote-count", q.votes))
      .setAttribute("aria-label", t("questions.votes", { count: q.votes }));
    item.appendChild(voteBox);

    var body = el("div", "question-body");
    var meta = el("div", "question-meta");
    meta.appendChild(el("span", "question-number", "#" + q.id));
    var author = q.mine ? t("questions.you") : q.author ? q.author.name : t("questions.anonymousAuthor");
    meta.appendChild(el("span", "question-author", author));
    if (q.anonymous && (q.mine || isModerator()))
      meta.appendChild(el("span", "badge badge-track", t("questions.anonymousTag")));
    if (q.pinned) meta.appendChild(el("span", "badge badge-pinned", t("questions.pinned")));
    if (q.status !== "visible")
      meta.appendChild(el("span", "badge question-status-" + q.status, t("questions.status." + q.status)));
    if (q.author && isModerator()) meta.appendChild(personActions(q.author.userId, q.author.name));
    body.appendChild(meta);
    body.appendChild(el("p", "question-text", q.text));
    if (q.hiddenReason)
      body.appendChild(el("p", "muted small", t("questions.hiddenReason", { reason: q.hiddenReason })));

    if (isModerator()) {
      var tools = el("div", "question-tools");
      if (q.status === "pending" || q.status === "hidden") {
        tools.appendChild(
          button(t("mod.approve"), "btn btn-secondary btn-xs", function () {
            moderate(q, "approve");
          }),
        );
      }
      if (q.status === "visible" || q.status === "pending") {
        tools.appendChild(
          button(t("mod.answer"), "btn btn-secondary btn-xs", function () {
            moderate(q, "answer");
          }),
        );
      }
      if ((q.status === "visible" || q.status === "answered") && !q.pinned) {
        tools.appendChild(
          button(t("mod.pin"), "btn btn-ghost btn-xs", function () {
            moderate(q, "pin");
          }),
        );
      }
      if (q.pinned)
        tools.appendChild(
          button(t("mod.unpin"), "btn btn-ghost btn-xs", function () {
            moderate(q, "unpin");
          }),
        );
      if (q.status === "visible" || q.status === "pending") {
        tools.appendChild(
          button(t("mod.merge"), "btn btn-ghost btn-xs", function () {
            askMerge(q);
          }),
        );
      }
      if (q.status !== "hidden") {
        tools.appendChild(
          button(t("mod.hide"), "btn btn-danger-ghost btn-xs", function () {
            askHide(q);
          }),
        );
      }
      body.appendChild(tools);
    }
    item.appendChild(body);
    return item;
  }

  function renderQuestions() {
    var list = byId("question-list");
    list.replaceChildren();
    var questions = sortedQuestions();
    if (questions.length === 0) list.appendChild(el("li", "empty-line muted", t("questions.empty")));
    questions.forEach(function (q) {
      list.appendChild(renderQuestion(q));
    });
    var counts = [];
    if (state.hiddenCount > 0) counts.push(t("questions.hidden", { count: state.hiddenCount }));
    if (isModerator() && state.pendingCount > 0)
      counts.push(t("questions.pendingCount", { count: state.pendingCount }));
    byId("question-counts").textContent = counts.join(" · ");
  }

  function formatClock(seconds) {
    var whole = Math.abs(Math.round(seconds));
    var minutes = Math.floor(whole / 60);
    var rest = whole % 60;
    return minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function renderCountdown() {
    var box = byId("current-speaker");
    var clock = box.querySelector(".countdown");
    var current = state && state.queue.current;
    if (!clock || !current) return;
    var elapsed = (Date.now() + clockOffset - Date.parse(current.startedAt)) / 1000;
    var left = current.budgetSeconds - elapsed;
    clock.textContent = left >= 0 ? formatClock(left) : t("queue.overtime", { time: formatClock(-left) });
    clock.classList.toggle("is-overtime", left < 0);
    clock.classList.toggle("is-ending", left >= 0 && left < 30);
  }

  function renderQueue() {
    var box = byId("current-speaker");
    box.replaceChildren();
    var current = state.queue.current;
    if (current) {
      box.appendChild(el("p", "current-name", current.name));
      if (current.kind === "speaker") box.appendChild(el("span", "badge badge-track", t("queue.speakerTag")));
      box.appendChild(el("p", "countdown"));
      renderCountdown();
    } else {
      box.appendChild(el("p", "muted", t("queue.nobody")));
    }
    var list = byId("queue-list");
    list.replaceChildren();
    if (state.queue.entries.length === 0) list.appendChild(el("li", "empty-line muted", t("queue.empty")));
    state.queue.entries.forEach(function (entry) {
      var item = el("li", "queue-entry", entry.name);
      if (entry.kind === "speaker") item.appendChild(el("span", "badge badge-track", t("queue.speakerTag")));
      list.appendChild(item);
    });
    var hand = byId("hand-button");
    if (hand) {
      var raised = Boolean(me() && me().handRaised);
      // An agenda speaker is queued without a hand to raise, and whoever is speaking has the floor:
      // the button says so instead of offering a hand the room would refuse.
      var speaking = Boolean(me() && current && current.userId === myId());
      var onAgenda =
        !speaking &&
        Boolean(me()) &&
        state.queue.entries.some(function (entry) {
          return entry.kind === "speaker" && entry.userId === myId();
        });
      hand.textContent = t(
        raised ? "queue.lower" : speaking ? "queue.speakingNow" : onAgenda ? "queue.onAgenda" : "queue.raise",
      );
      hand.setAttribute("aria-pressed", raised ? "true" : "false");
      hand.disabled = removed || !isOpen() || speaking || onAgenda;
    }
    var advance = byId("advance-button");
    if (advance) advance.disabled = removed || !isOpen();
  }

  function renderPoll(poll) {
    var card = el("form", "poll");
    card.setAttribute("data-poll-id", String(poll.id));
    card.appendChild(el("p", "poll-question", poll.question));
    var tags = el("p", "muted small");
    tags.textContent = t("polls.voters", { count: poll.results.voters });
    if (poll.multiple) tags.textContent += " · " + t("polls.multiple");
    if (poll.status === "closed") tags.textContent += " · " + t("polls.closed");
    card.appendChild(tags);
    var canVote = signedIn && poll.status === "open" && isOpen() && !removed;
    var total = Math.max(1, poll.results.voters);
    poll.options.forEach(function (option, index) {
      var row = el("label", "poll-option");
      if (canVote) {
        var input = document.createElement("input");
        input.type = poll.multiple ? "checkbox" : "radio";
        input.name = "poll-" + poll.id;
        input.value = String(index);
        input.checked = Boolean(poll.myChoice && poll.myChoice.indexOf(index) >= 0);
        row.appendChild(input);
      }
      row.appendChild(el("span", "poll-option-text", option));
      var count = poll.results.counts[index] || 0;
      row.appendChild(el("span", "poll-option-count", count));
      var bar = el("span", "poll-bar");
      var fill = el("span", "poll-bar-fill");
      fill.style.width = Math.round((100 * count) / total) + "%";
      bar.appendChild(fill);
      row.appendChild(bar);
      card.appendChild(row);
    });
    var actions = el("div", "poll-actions");
    if (canVote) {
      var submit = el("button", "btn btn-secondary btn-xs", t(poll.myChoice ? "polls.change" : "polls.vote"));
      submit.type = "submit";
      actions.appendChild(submit);
    }
    if (isModerator() && poll.status === "open") {
      actions.appendChild(
        button(t("polls.close"), "btn btn-ghost btn-xs", function () {
          act("poll:close", { pollId: poll.id });
        }),
      );
    }
    card.appendChild(actions);
    card.addEventListener("submit", function (event) {
      event.preventDefault();
      var chosen = [];
      card.querySelectorAll("input:checked").forEach(function (input) {
        chosen.push(Number(input.value));
      });
      if (chosen.length > 0) act("poll:vote", { pollId: poll.id, optionIds: chosen });
    });
    return card;
  }

  function renderPolls() {
    var list = byId("poll-list");
    // Re-rendering would drop a half-made choice; keep the form someone is using.
    if (list.contains(document.activeElement) && document.activeElement.tagName === "INPUT") return;
    list.replaceChildren();
    var polls = state.polls.slice().sort(function (a, b) {
      if (a.status !== b.status) return a.status === "open" ? -1 : 1;
      return b.id - a.id;
    });
    if (polls.length === 0) list.appendChild(el("p", "muted", t("polls.empty")));
    polls.forEach(function (poll) {
      list.appendChild(renderPoll(poll));
    });
  }

  function renderChat() {
    var list = byId("chat-list");
    var atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    list.replaceChildren();
    if (state.chat.length === 0) list.appendChild(el("li", "empty-line muted", t("chat.empty")));
    state.chat.forEach(function (message) {
      var item = el("li", "chat-message");
      item.appendChild(el("span", "chat-name", message.name));
      item.appendChild(el("span", "chat-text", message.text));
      if (isModerator()) item.appendChild(personActions(message.userId, message.name));
      list.appendChild(item);
    });
    if (atBottom) list.scrollTop = list.scrollHeight;
  }

  function logLine(event) {
    var p = event.payload;
    switch (event.type) {
      case "question.moderated":
        return t("log.question.moderated", { id: p.question.id, action: t("mod." + p.action) });
      case "question.linked":
        return t("log.question.linked", { id: p.questionId });
      case "member.banned":
      case "member.muted":
        return t("log." + event.type, { name: p.name || "" });
      default:
        return t("log." + event.type);
    }
  }

  function renderLog() {
    var list = byId("moderation-log");
    if (!list || !state.moderationLog) return;
    list.replaceChildren();
    if (state.moderationLog.length === 0) list.appendChild(el("li", "empty-line muted", t("mod.logEmpty")));
    state.moderationLog
      .slice()
      .reverse()
      .forEach(function (event) {
        var item = el("li", "log-entry");
        item
          .appendChild(el("time", "muted small", clock.format(new Date(event.at))))
          .setAttribute("datetime", event.at);
        item.appendChild(el("span", "log-actor", event.actor ? event.actor.name : ""));
        item.appendChild(el("span", "log-text", logLine(event)));
        list.appendChild(item);
      });
  }

  function renderAll() {
    if (!state) return;
    renderHeader();
    renderQuestions();
    renderQueue();
    renderPolls();
    renderChat();
    renderLog();
  }

  function burst(counts) {
    var box = byId("reaction-burst");
    Object.keys(counts).forEach(function (kind) {
      var icon = root.querySelector('[data-reaction="' + kind + '"] .reaction-icon');
      var item = el("span", "reaction-pop");
      if (icon) item.appendChild(icon.cloneNode(true));
      item.appendChild(document.createTextNode(" ×" + counts[kind]));
      box.appendChild(item);
      window.setTimeout(function () {
        item.remove();
      }, 2000);
    });
  }

  // ---- controls

  var askForm = byId("ask-form");
  if (askForm) {
    var askText = byId("ask-text");
    askText.addEventListener("input", function () {
      byId("ask-count").textContent = Array.from(askText.value).length + "/500";
    });
    askForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = askText.value.trim();
      if (!text) return;
      act("question:ask", { text: text, anonymous: byId("ask-anonymous").checked }, function (response) {
        if (!response.ok) return;
        askText.value = "";
        byId("ask-count").textContent = "0/500";
        byId("ask-feedback").textContent = t(
          response.data.status === "pending" ? "questions.sentPending" : "questions.sent",
        );
      });
    });
  }

  var chatForm = byId("chat-form");
  if (chatForm) {
    chatForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var input = byId("chat-text");
      var text = input.value.trim();
      if (!text) return;
      act("chat:send", { text: text }, function (response) {
        if (response.ok) input.value = "";
      });
    });
  }

  root.querySelectorAll("[data-sort]").forEach(function (control) {
    control.addEventListener("click", function () {
      sort = control.getAttribute("data-sort");
      root.querySelectorAll("[data-sort]").forEach(function (other) {
        other.setAttribute("aria-pressed", other === control ? "true" : "false");
      });
      if (state) renderQuestions();
    });
  });

  var hand = byId("hand-button");
  if (hand) {
    hand.addEventListener("click", function () {
      act(me() && me().handRaised ? "hand:lower" : "hand:raise", {});
    });
  }

  var advance = byId("advance-button");
  if (advance) {
    advance.addEventListener("click", function () {
      act("queue:advance", {});
    });
  }

  root.querySelectorAll("[data-reaction]").forEach(function (control) {
    control.addEventListener("click", function () {
      act("reaction:send", { kind: control.getAttribute("data-reaction") });
    });
  });

  var pollForm = byId("poll-form");
  if (pollForm) {
    pollForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var options = byId("poll-options")
        .value.split("\n")
        .map(function (line) {
          return line.trim();
        })
        .filter(Boolean);
      // The room's rules for a poll's options, checked here so each gets its own words (the server checks again).
      var min = Number(pollForm.getAttribute("data-min-options"));
      var max = Number(pollForm.getAttribute("data-max-options"));
      var longest = Number(pollForm.getAttribute("data-option-length"));
      var refusal =
        options.length < min || options.length > max
          ? { reason: "poll_options_count", min: min, max: max }
          : options.some(function (option) {
                return Array.from(option).length > longest;
              })
            ? { reason: "text_too_long", max: longest }
            : options.some(function (option, index) {
                  return options.indexOf(option) !== index;
                })
              ? { reason: "poll_options_repeat" }
              : null;
      if (refusal) {
        showFeedback(describeError({ code: "validation_failed", details: refusal }));
        return;
      }
      act(
        "poll:open",
        { question: byId("poll-question").value.trim(), options: options, multiple: byId("poll-multiple").checked },
        function (response) {
          if (response.ok) pollForm.reset();
        },
      );
    });
  }

  var premoderation = byId("premoderation-toggle");
  if (premoderation) {
    premoderation.addEventListener("change", function () {
      act("salon:settings", { premoderation: premoderation.checked });
    });
  }

  var slowMode = byId("slow-mode");
  if (slowMode) {
    slowMode.addEventListener("change", function () {
      act("salon:settings", { slowModeSeconds: Number(slowMode.value) });
    });
  }

  window.setInterval(renderCountdown, 1000);
})();
