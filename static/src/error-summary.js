// Keeps a form's error summary true while the person puts things right. When htmx has checked
// a field again as they left it, the summary is rebuilt from the messages shown beside the
// fields, in page order: a corrected answer leaves it, and the summary goes once none is left.
// Without JavaScript the summary is rebuilt by the server on each submit, as always.

function messageText(message) {
  const copy = message.cloneNode(true);
  for (const hidden of copy.querySelectorAll(".govuk-visually-hidden")) hidden.remove();
  return copy.textContent.trim();
}

function sync(form) {
  const summary = document.querySelector(".govuk-error-summary");
  if (!summary) return;
  const list = summary.querySelector(".govuk-error-summary__list");
  const messages = [...form.querySelectorAll(".govuk-error-message[id$='-error']")];
  if (messages.length === 0) {
    summary.remove();
    document.title = document.title.replace(/^Error: /, "");
    return;
  }
  const items = messages.map((message) => {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = `#${message.id.slice(0, -"-error".length)}`;
    link.textContent = messageText(message);
    item.append(link);
    return item;
  });
  list.replaceChildren(...items);
}

export function initLiveErrorSummary() {
  // After a field is swapped (outerHTML), the element htmx reports may be the detached old
  // one, so the forms that ask for this are found by their attribute.
  document.body.addEventListener("htmx:afterSettle", () => {
    for (const form of document.querySelectorAll("form[data-live-errors]")) sync(form);
  });
}
