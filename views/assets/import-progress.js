// Keeps an import job's page current while the job runs: polls the job's JSON every second,
// moves the progress bar, and reloads the page (which then shows the report) when the job ends.
(function () {
  "use strict";

  var section = document.querySelector("[data-import-job]");
  if (!section || !window.fetch) return;
  var id = section.getAttribute("data-import-job");
  var bar = section.querySelector("progress");
  var text = section.querySelector("[data-import-progress-text]");

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) {
      return values[key] === undefined || values[key] === null ? "" : String(values[key]);
    });
  }

  function show(job) {
    if (job.status !== "queued" && job.status !== "running") {
      window.location.reload();
      return false;
    }
    if (job.progress && bar && text) {
      bar.value = job.progress.percent;
      var line = fill(text.getAttribute("data-template") || "", job.progress);
      if (job.progress.etaSeconds !== null) {
        line += " · " + fill(text.getAttribute("data-eta-template") || "", { seconds: job.progress.etaSeconds });
      }
      text.textContent = line;
    }
    return true;
  }

  function poll() {
    window
      .fetch("/api/imports/" + encodeURIComponent(id), {
        credentials: "same-origin",
        headers: { accept: "application/json" },
      })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (job) {
        if (!job || show(job)) window.setTimeout(poll, 1000);
      })
      .catch(function () {
        window.setTimeout(poll, 3000);
      });
  }

  window.setTimeout(poll, 500);
})();
