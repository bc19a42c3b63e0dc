// Importing case records: a long file takes a while to send and longer to check, so the form
// shows how much of it has been sent (htmx's upload progress events), then "Checking N rows…"
// until the answer comes. Without JavaScript the form is a plain post and none of this runs.

const FORM = 'form[data-module="app-import"]';

function parts(form) {
  return {
    box: form.querySelector("[data-import-progress]"),
    bar: form.querySelector("progress"),
    status: form.querySelector("[data-import-status]"),
  };
}

// Counted in the browser from the file itself: lines after the header (a quoted value with a
// line break in it makes this an estimate, hence "about").
async function countRows(file) {
  if (!file) return 0;
  const text = await file.text();
  let lines = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lines++;
  if (text.length && text.charCodeAt(text.length - 1) !== 10) lines++;
  return Math.max(lines - 1, 0);
}

export function initImportProgress() {
  let rows = Promise.resolve(0);

  document.body.addEventListener("htmx:beforeRequest", (event) => {
    const form = event.target.closest?.(FORM);
    if (!form) return;
    rows = countRows(form.querySelector('input[type="file"]')?.files?.[0]).catch(() => 0);
    const { box, bar, status } = parts(form);
    box.hidden = false;
    bar.value = 0;
    status.textContent = "Sending the file…";
  });

  document.body.addEventListener("htmx:xhr:progress", (event) => {
    const form = event.target.closest?.(FORM);
    if (!form || !event.detail.lengthComputable) return;
    const { bar } = parts(form);
    bar.value = Math.round((100 * event.detail.loaded) / event.detail.total);
  });

  document.body.addEventListener("htmx:xhr:loadend", (event) => {
    const form = event.target.closest?.(FORM);
    if (!form) return;
    const { bar, status } = parts(form);
    bar.value = 100;
    rows.then((count) => {
      if (form.isConnected) {
        status.textContent = count ? `Checking about ${count.toLocaleString("en-GB")} rows…` : "Checking the file…";
      }
    });
  });

  // Swap events fire on the target (the page region), not the form that asked.
  const fromImportForm = (event) => Boolean(event.detail.requestConfig?.elt?.matches?.(FORM));

  // The problems come back as 400: show them (htmx leaves error answers unswapped by default).
  // In the capture phase, so it is settled before any other swap handler looks at it.
  document.addEventListener(
    "htmx:beforeSwap",
    (event) => {
      if (fromImportForm(event) && event.detail.xhr.status === 400) {
        event.detail.shouldSwap = true;
        event.detail.isError = false;
      }
    },
    true,
  );

  // The new page region: take the person to what happened, as a full page load would.
  document.body.addEventListener("htmx:afterSettle", (event) => {
    const page = document.getElementById("import-page");
    if (!page || !fromImportForm(event)) return;
    const first = page.querySelector(".govuk-error-summary, .govuk-notification-banner");
    if (first) {
      first.setAttribute("tabindex", "-1");
      first.focus();
    }
  });
}
