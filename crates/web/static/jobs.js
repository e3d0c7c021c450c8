// Document jobs (CHK-5): each running job's progress bar polls its JSON every second and,
// when the job ends, shows the download link or the reason it failed. Without JavaScript the
// page refreshes itself (meta refresh in <noscript>).
(() => {
  const table = document.getElementById("job-list");
  if (!table) return;
  const downloadLabel = table.dataset.downloadLabel || "Download";
  table.querySelectorAll("progress[data-job]").forEach((bar) => {
    const row = bar.closest("tr");
    const state = row.querySelector(".job-state");
    const count = row.querySelector(".job-count");
    const file = row.querySelector(".job-file");
    const poll = () => {
      fetch(bar.dataset.job, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then((r) => {
          if (!r.ok) throw new Error(String(r.status));
          return r.json();
        })
        .then((job) => {
          const total = Math.max(job.total, 1);
          bar.max = total;
          bar.value = job.status === "done" ? total : Math.min(job.done, total);
          bar.textContent = Math.round((bar.value * 100) / total) + " %";
          if (count) count.textContent = job.done + " / " + job.total;
          if (state && state.textContent !== job.status_label) state.textContent = job.status_label;
          if (job.status === "done" && job.download) {
            const link = document.createElement("a");
            link.href = job.download;
            link.setAttribute("download", "");
            link.textContent = downloadLabel;
            file.replaceChildren(link);
          } else if (job.status === "failed") {
            const reason = document.createElement("span");
            reason.className = "error";
            reason.textContent = job.error;
            file.replaceChildren(reason);
          } else {
            setTimeout(poll, 1000);
          }
        })
        .catch(() => setTimeout(poll, 3000));
    };
    setTimeout(poll, 1000);
  });
})();
