// The event form names the two sides in its load and quota labels as the chosen kind does
// (需求/专家 at a matchmaking fair, 提名/评审专家 on a review panel): choosing another kind
// relabels them at once, from the words the page carries for each kind.
(function () {
  "use strict";

  var form = document.querySelector("form[data-kind-labels]");
  var kind = document.getElementById("event-kind");
  if (!form || !kind) return;
  var labelsByKind;
  try {
    labelsByKind = JSON.parse(form.getAttribute("data-kind-labels"));
  } catch {
    return;
  }

  kind.addEventListener("change", function () {
    var labels = labelsByKind[kind.value];
    if (!labels) return;
    form.querySelectorAll("[data-kind-label]").forEach(function (label) {
      var text = labels[label.getAttribute("data-kind-label")];
      if (typeof text === "string") label.textContent = text;
    });
  });
})();
