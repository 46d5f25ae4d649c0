// SciBridge search suggestions: turns every <input data-suggest> into an ARIA combobox that
// lists names and titles from /api/search/suggest as the user types. Without this script the
// search boxes are plain GET forms to /search and work the same.
(function () {
  "use strict";

  var debounceMs = 160;
  var maxQueryLength = 500;
  var hrefBase = { expert: "/experts/", need: "/needs/", technology: "/technologies/" };

  function enhance(input) {
    var form = input.form;
    if (!form || !input.id || !window.fetch || !window.AbortController) return;

    var listId = input.id + "-suggestions";
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "suggest-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", input.getAttribute("data-suggest-label") || "");
    list.hidden = true;

    var status = document.createElement("span");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");

    form.classList.add("has-suggest");
    form.appendChild(list);
    form.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("autocomplete", "off");

    var timer = 0;
    var controller = null;
    var items = [];
    var active = -1;
    var composing = false;
    var shownFor = null;

    function kindLabel(kind) {
      return input.getAttribute("data-kind-" + kind) || kind;
    }

    function setActive(index) {
      var options = list.querySelectorAll('[role="option"]');
      active = index;
      options.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      if (index >= 0 && options[index]) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      setActive(-1);
    }

    function open() {
      if (items.length === 0) return close();
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function render(query, found) {
      items = found;
      shownFor = query;
      list.textContent = "";
      found.forEach(function (item, i) {
        var option = document.createElement("li");
        option.id = listId + "-" + i;
        option.className = "suggest-option";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.setAttribute("data-index", String(i));
        var kind = document.createElement("span");
        kind.className = "suggest-kind kind-" + item.kind;
        kind.textContent = kindLabel(item.kind);
        var text = document.createElement("span");
        text.className = "suggest-text";
        text.textContent = item.text;
        option.appendChild(kind);
        option.appendChild(text);
        list.appendChild(option);
      });
      active = -1;
      input.removeAttribute("aria-activedescendant");
      if (found.length > 0) {
        open();
        status.textContent = (input.getAttribute("data-suggest-count") || "{count}").replace(
          "{count}",
          String(found.length),
        );
      } else {
        close();
        status.textContent = "";
      }
    }

    function fetchSuggestions() {
      var query = input.value.trim();
      if (controller) controller.abort();
      controller = null;
      if (!query || query.length > maxQueryLength) {
        render(query, []);
        return;
      }
      if (query === shownFor) {
        open();
        return;
      }
      var current = new window.AbortController();
      controller = current;
      var params = new window.URLSearchParams({ q: query, limit: "8" });
      window
        .fetch("/api/search/suggest?" + params.toString(), {
          signal: current.signal,
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        })
        .then(function (response) {
          return response.ok ? response.json() : { items: [] };
        })
        .then(function (body) {
          if (controller !== current) return; // a newer request owns the list
          controller = null;
          if (input.value.trim() !== query) return;
          render(query, Array.isArray(body.items) ? body.items : []);
        })
        .catch(function () {
          // Aborted or offline: the form still submits to /search.
        });
    }

    function schedule() {
      window.clearTimeout(timer);
      timer = window.setTimeout(fetchSuggestions, debounceMs);
    }

    function choose(index) {
      var item = items[index];
      if (!item || !hrefBase[item.kind]) return;
      close();
      window.location.assign(hrefBase[item.kind] + encodeURIComponent(String(item.id)));
    }

    input.addEventListener("compositionstart", function () {
      composing = true;
    });
    input.addEventListener("compositionend", function () {
      composing = false;
      schedule();
    });
    input.addEventListener("input", function (event) {
      if (composing || event.isComposing) return; // wait for the IME to commit Chinese text
      schedule();
    });
    input.addEventListener("focus", function () {
      if (input.value.trim() && input.value.trim() === shownFor) open();
    });
    input.addEventListener("blur", function () {
      close();
    });

    input.addEventListener("keydown", function (event) {
      if (composing || event.isComposing) return;
      var expanded = !list.hidden;
      switch (event.key) {
        case "ArrowDown":
          event.preventDefault();
          if (!expanded) {
            if (items.length > 0 && input.value.trim() === shownFor) {
              open();
              setActive(0);
            } else fetchSuggestions();
            return;
          }
          setActive(active + 1 >= items.length ? 0 : active + 1);
          return;
        case "ArrowUp":
          event.preventDefault();
          if (!expanded) {
            if (items.length > 0 && input.value.trim() === shownFor) {
              open();
              setActive(items.length - 1);
            }
            return;
          }
          setActive(active <= 0 ? items.length - 1 : active - 1);
          return;
        case "Enter":
          if (expanded && active >= 0) {
            event.preventDefault();
            choose(active);
          }
          return;
        case "Escape":
          if (expanded) {
            event.preventDefault();
            close();
          } else if (input.value) {
            event.preventDefault();
            input.value = "";
            render("", []);
          }
          return;
        case "Tab":
          close();
          return;
        default:
          return;
      }
    });

    // Keep focus in the box while an option is clicked, then follow it.
    list.addEventListener("mousedown", function (event) {
      event.preventDefault();
    });
    list.addEventListener("click", function (event) {
      var option = event.target.closest('[role="option"]');
      if (option) choose(Number(option.getAttribute("data-index")));
    });
    list.addEventListener("mousemove", function (event) {
      var option = event.target.closest('[role="option"]');
      if (option) {
        var index = Number(option.getAttribute("data-index"));
        if (index !== active) setActive(index);
      }
    });
  }

  document.querySelectorAll("input[data-suggest]").forEach(enhance);
})();
