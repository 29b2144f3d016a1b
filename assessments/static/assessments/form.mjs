// Saves each answer of a domain page as it is given, without a page load. Progressive
// enhancement only: without this script "Save and continue" saves the whole page.
//
// Typed comments are kept in localStorage until the server has them, so a failed save
// followed by a reload (or a closed tab) does not lose them. A save that someone else's
// save overtook comes back as 409 with both versions, which are shown side by side.

const form = document.querySelector("form[data-autosave]");
if (form) {
  const endpoint = form.dataset.autosave;
  const submission = form.dataset.submission;
  const csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  const sections = [...form.querySelectorAll("[data-question]")];
  const progress = document.querySelector("[data-progress]");

  const updateProgress = () => {
    if (!progress) return;
    const answered = sections.filter((s) => s.querySelector("input[type=radio]:checked")).length;
    progress.textContent = `${answered} of ${sections.length} questions answered in this domain.`;
  };

  for (const section of sections) {
    setUp(section, { endpoint, submission, csrf, updateProgress });
  }
}

function show(status, text, state) {
  status.textContent = text;
  status.dataset.state = state;
}

function setUp(section, { endpoint, submission, csrf, updateProgress }) {
  const prefix = section.dataset.prefix;
  const question = section.dataset.question;
  const comment = section.querySelector(`textarea[name="${prefix}-comment"]`);
  const revision = section.querySelector(`input[name="${prefix}-revision"]`);
  const radios = [...section.querySelectorAll(`input[name="${prefix}-value"]`)];
  const status = section.querySelector("[data-status]");
  const key = `edquality:draft:${submission}:${question}`;
  let saving = false;
  let again = false;

  const draft = localStorage.getItem(key);
  if (draft !== null) {
    if (draft === comment.value) {
      localStorage.removeItem(key);
    } else {
      comment.value = draft;
      show(status, "Your comment that was not saved has been put back. It is not saved yet.", "pending");
    }
  }

  const value = () => (radios.find((r) => r.checked) || { value: "" }).value;

  async function save() {
    if (saving) {
      again = true;
      return;
    }
    saving = true;
    const sent = comment.value;
    show(status, "Saving…", "pending");
    try {
      const response = await fetch(endpoint, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrf, Accept: "application/json" },
        body: new URLSearchParams({
          question,
          value: value(),
          comment: sent,
          revision: revision.value,
        }),
      });
      const data = await response.json().catch(() => ({}));
      if (response.ok) {
        revision.value = data.revision;
        if (comment.value === sent) localStorage.removeItem(key);
        removeConflict();
        show(status, "Saved", "saved");
        updateProgress();
      } else if (response.status === 409) {
        revision.value = data.theirs.revision;
        showConflict(data);
        show(status, "Not saved: someone else changed this answer", "error");
      } else {
        show(status, `Not saved: ${data.message || "something went wrong, try again"}`, "error");
      }
    } catch {
      show(status, "Not saved: check your connection. What you typed is kept on this device.", "error");
    } finally {
      saving = false;
      if (again) {
        again = false;
        save();
      }
    }
  }

  function removeConflict() {
    section.querySelector("[data-conflict]")?.remove();
  }

  function showConflict(data) {
    removeConflict();
    const box = document.createElement("div");
    box.className = "nhsuk-warning-callout";
    box.dataset.conflict = "";
    const heading = document.createElement("h3");
    heading.className = "nhsuk-warning-callout__label";
    heading.textContent = "Someone else changed this answer";
    const explain = document.createElement("p");
    explain.textContent = data.message;
    const list = document.createElement("dl");
    list.className = "nhsuk-summary-list";
    for (const [label, version] of [
      [`Their answer${data.theirs.updated_by ? ` (${data.theirs.updated_by})` : ""}, saved`, data.theirs],
      ["Your answer, not saved", data.mine],
    ]) {
      const row = document.createElement("div");
      row.className = "nhsuk-summary-list__row";
      const dt = document.createElement("dt");
      dt.className = "nhsuk-summary-list__key";
      dt.textContent = label;
      const dd = document.createElement("dd");
      dd.className = "nhsuk-summary-list__value";
      dd.textContent = version.comment ? `${version.label}: “${version.comment}”` : version.label;
      row.append(dt, dd);
      list.append(row);
    }
    const keepMine = document.createElement("button");
    keepMine.type = "button";
    keepMine.className = "nhsuk-button nhsuk-button--small";
    keepMine.textContent = "Keep my answer";
    keepMine.addEventListener("click", () => save());
    const useTheirs = document.createElement("button");
    useTheirs.type = "button";
    useTheirs.className = "nhsuk-button nhsuk-button--secondary nhsuk-button--small";
    useTheirs.textContent = "Use their answer";
    useTheirs.addEventListener("click", () => {
      for (const radio of radios) radio.checked = radio.value === data.theirs.value;
      comment.value = data.theirs.comment;
      localStorage.removeItem(key);
      removeConflict();
      show(status, "Their answer is shown and saved", "saved");
      updateProgress();
    });
    box.append(heading, explain, list, keepMine, useTheirs);
    status.before(box);
    box.setAttribute("tabindex", "-1");
    box.focus();
  }

  for (const radio of radios) radio.addEventListener("change", save);
  comment.addEventListener("input", () => {
    localStorage.setItem(key, comment.value);
    show(status, "Not saved yet", "pending");
  });
  comment.addEventListener("change", save);
}
