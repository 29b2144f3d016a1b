// Progressive enhancement of an import's progress page: without this script the page has a
// link to check again. With it, the status line is brought up to date every few seconds by
// reading the same page in the background; nothing else on the page moves and focus stays
// where it is. The status line is a polite live region, so screen readers announce it.
const progress = document.querySelector("[data-import-progress]");

if (progress) {
  const status = progress.querySelector('[role="status"]');
  const every = Number(progress.dataset.checkEvery || 2) * 1000;
  const again = document.querySelector(".app-check-again");
  if (again) {
    again.hidden = true;
  }

  const finished = (href) => {
    // The page now shows the outcome (of the import, or of the check of a large file):
    // say so and link to it, rather than moving the reader to another page unasked.
    const link = document.createElement("a");
    link.href = href;
    link.textContent = progress.dataset.outcome || "See the outcome of the import";
    status.replaceChildren(`${progress.dataset.finished || "The import has finished."} `, link, ".");
  };

  const check = async () => {
    let response;
    try {
      response = await fetch(window.location.href, {
        credentials: "same-origin",
        headers: { Accept: "text/html" },
      });
    } catch {
      window.setTimeout(check, every);
      return;
    }
    if (!response.ok) {
      window.setTimeout(check, every);
      return;
    }
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const fresh = page.querySelector('[data-import-progress] [role="status"]');
    if (fresh === null) {
      finished(response.url);
      return;
    }
    if (fresh.textContent !== status.textContent) {
      status.textContent = fresh.textContent;
    }
    window.setTimeout(check, every);
  };

  window.setTimeout(check, every);
}
