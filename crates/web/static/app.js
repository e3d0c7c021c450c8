// Agora: small enhancements only; every page works without JavaScript.
"use strict";
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement)) return;
  const question = form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
    return;
  }
  // Avoid double submissions by double clicks; the server also guards create forms.
  if (form.dataset.submitting === "1") {
    event.preventDefault();
    return;
  }
  form.dataset.submitting = "1";
  setTimeout(() => { delete form.dataset.submitting; }, 4000);
});

// Sector-specific fields (REG-3): shown only when the chosen sector (or none yet) matches.
// Without JavaScript every field is shown with a note naming its sectors, and the server
// only asks them of those sectors.
(() => {
  const sector = document.querySelector("form select[name=sector]");
  if (!sector) return;
  const update = () => {
    document.querySelectorAll("[data-sectors]").forEach((block) => {
      const wanted = block.getAttribute("data-sectors").split(",");
      block.hidden = sector.value !== "" && !wanted.includes(sector.value);
    });
  };
  sector.addEventListener("change", update);
  update();
})();

// Scheduling run (MTG-3): the progress bar follows the run by polling its JSON endpoint and
// reloads the page when the proposal is ready. Without JavaScript a meta refresh does it.
(() => {
  const bar = document.querySelector("progress[data-poll]");
  if (!bar) return;
  const text = document.getElementById("run-progress-text");
  const poll = () => {
    fetch(bar.dataset.poll, { credentials: "same-origin" })
      .then((r) => r.json())
      .then((run) => {
        bar.value = run.progress;
        if (text) text.textContent = (run.progress / 10).toFixed(1) + " %";
        if (run.state === "running") setTimeout(poll, 500);
        else window.location.reload();
      })
      .catch(() => setTimeout(poll, 2000));
  };
  setTimeout(poll, 500);
})();
