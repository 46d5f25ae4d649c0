// Person picker: turns every <input data-expert-picker> into an ARIA 1.2 combobox whose list
// comes from GET /api/experts/suggest (the search engine). An input may carry suggestions of its
// own (data-picker-suggestions, JSON in the same shape): the empty box offers them on focus or
// ArrowDown, so the usual choice is one key away. Without this script the input is
// a plain text field that takes an expert's number or name, and the server resolves the name
// (or lists the namesakes to choose from), so the form works either way.
(function () {
  "use strict";

  if (!window.fetch) return;
  var counter = 0;

  function describe(expert) {
    var parts = [expert.title, expert.organization, expert.region].filter(function (part) {
      return part;
    });
    return parts.join(" · ");
  }

  function enhance(input) {
    counter += 1;
    var listId = "expert-picker-list-" + counter;
    var name = input.getAttribute("name");
    // The visible box keeps what is typed; the hidden field carries the choice (or the text). A
    // box the page fills with a chosen expert's name names their number in data-chosen.
    var hidden = document.createElement("input");
    hidden.type = "hidden";
    hidden.name = name;
    hidden.value = input.getAttribute("data-chosen") || input.value;
    input.removeAttribute("name");
    input.parentNode.insertBefore(hidden, input.nextSibling);

    var list = document.createElement("ul");
    list.id = listId;
    list.className = "picker-list";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    var label = input.labels && input.labels[0];
    if (label) {
      if (!label.id) label.id = listId + "-label";
      list.setAttribute("aria-labelledby", label.id);
    }
    var wrapper = document.createElement("div");
    wrapper.className = "picker";
    input.parentNode.insertBefore(wrapper, input);
    wrapper.appendChild(input);
    wrapper.appendChild(list);

    var combobox = {
      role: "combobox",
      "aria-autocomplete": "list",
      "aria-expanded": "false",
      "aria-controls": listId,
      autocomplete: "off",
    };
    Object.keys(combobox).forEach(function (attribute) {
      input.setAttribute(attribute, combobox[attribute]);
    });

    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    wrapper.appendChild(status);

    var suggested = [];
    try {
      suggested = JSON.parse(input.getAttribute("data-picker-suggestions") || "[]");
    } catch {
      suggested = [];
    }
    var options = [];
    var active = -1;
    var timer = null;
    var latest = 0;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      options.forEach(function (option, i) {
        option.element.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", options[index].element.id);
        options[index].element.scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function choose(index) {
      var expert = options[index].expert;
      input.value = expert.name;
      hidden.value = String(expert.id);
      input.setAttribute("data-chosen", String(expert.id));
      status.textContent = expert.name + (describe(expert) ? " · " + describe(expert) : "");
      close();
    }

    function show(experts) {
      list.textContent = "";
      options = experts.map(function (expert, index) {
        var element = document.createElement("li");
        element.id = listId + "-" + index;
        element.setAttribute("role", "option");
        element.setAttribute("aria-selected", "false");
        element.setAttribute("data-expert-id", String(expert.id));
        var strong = document.createElement("strong");
        strong.textContent = expert.name;
        element.appendChild(strong);
        var detail = describe(expert);
        if (detail) {
          var small = document.createElement("span");
          small.className = "picker-detail";
          small.textContent = " " + detail;
          element.appendChild(small);
        }
        element.addEventListener("mousedown", function (event) {
          event.preventDefault(); // keep focus in the box
          choose(index);
        });
        list.appendChild(element);
        return { element: element, expert: expert };
      });
      active = -1;
      var open = options.length > 0;
      list.hidden = !open;
      input.setAttribute("aria-expanded", open ? "true" : "false");
      status.textContent = open ? String(options.length) : "";
    }

    function lookUp() {
      var q = input.value.trim();
      var ticket = ++latest;
      if (!q && suggested.length > 0) return show(suggested);
      if (!q || /^\d+$/.test(q)) return close();
      window
        .fetch("/api/experts/suggest?limit=8&q=" + encodeURIComponent(q), { headers: { accept: "application/json" } })
        .then(function (response) {
          return response.ok ? response.json() : { items: [] };
        })
        .then(function (body) {
          if (ticket === latest) show(body.items || []);
        })
        .catch(close);
    }

    input.addEventListener("input", function () {
      hidden.value = input.value; // typed text (a number or a name) until a choice is made
      input.removeAttribute("data-chosen");
      window.clearTimeout(timer);
      timer = window.setTimeout(lookUp, 150);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (list.hidden) return lookUp();
        highlight(Math.min(active + 1, options.length - 1));
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        highlight(Math.max(active - 1, 0));
      } else if (event.key === "Enter" && !list.hidden && active >= 0) {
        event.preventDefault(); // choose, do not submit yet
        choose(active);
      } else if (event.key === "Escape" && !list.hidden) {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener("focus", function () {
      if (!input.value.trim() && suggested.length > 0) show(suggested);
    });
    input.addEventListener("blur", close);
  }

  Array.prototype.forEach.call(document.querySelectorAll("input[data-expert-picker]"), enhance);
})();
