// A form sent with no connection. Left alone, the browser would show its own error page and
// what was typed would be gone. Instead the form stays as it is, a notice says it has not been
// sent yet, and it is sent, once, when the connection comes back.
//
// A form marked data-offline-keep (the enquiry form: public, and a minute's typing) is also kept
// on this device, so it survives the page being closed: it is put back into the form when the
// page opens again, and sent if there is a connection. Nothing else is kept on the device, since
// a signed-in form can hold a child's details. A kept form is deleted once it is sent or the
// person says not to send it, and after DRAFT_DAYS in any case (the device may be shared).

const DRAFT_PREFIX = "carer-portal:unsent:";
const DRAFT_DAYS = 7;
const SECRET_FIELD = "_csrf_token";
// The "online" event comes as soon as a connection is up, often before it carries anything; a
// send that finds no network is tried again while the browser still says it is online.
const SETTLE_MS = 1000;
const RETRY_MS = 5000;

// A copy of the page kept for reading offline (sw.js): its hidden fields (a one-off key, a CSRF
// token) were made for nobody, so before sending, the live page's are fetched into the form.
// That fetch, and the send, are the page's own requests, never a navigation: a failure is
// certain to be known, and what was typed stays until the portal has answered.
const isCopy = () => document.body.hasAttribute("data-offline-copy");

const draftKey = (form) => DRAFT_PREFIX + new URL(form.action, window.location.href).pathname;

function readDraft(form) {
  try {
    const draft = JSON.parse(window.localStorage.getItem(draftKey(form)) || "null");
    if (draft && Date.now() - draft.savedAt < DRAFT_DAYS * 24 * 60 * 60 * 1000) return draft;
    window.localStorage.removeItem(draftKey(form));
  } catch {
    // No storage (a private window, say): the form is kept in the page only.
  }
  return null;
}

function saveDraft(form) {
  // Hidden fields are the page's, not the person's: kept only from a live page (the enquiry's
  // one-off key is what makes sending it twice make one enquiry). Never the CSRF token.
  const fields = [...new FormData(form)].filter(
    ([name, value]) =>
      typeof value === "string" && name !== SECRET_FIELD && !(isCopy() && form.elements[name]?.type === "hidden"),
  );
  try {
    window.localStorage.setItem(draftKey(form), JSON.stringify({ savedAt: Date.now(), fields }));
    return true;
  } catch {
    return false;
  }
}

function forgetDraft(form) {
  try {
    window.localStorage.removeItem(draftKey(form));
  } catch {
    // Nothing was kept.
  }
}

function restore(form, fields) {
  const values = new Map();
  for (const [name, value] of fields) values.set(name, [...(values.get(name) || []), value]);
  for (const field of form.elements) {
    if (!field.name || field.name === SECRET_FIELD) continue;
    const kept = values.get(field.name);
    if (field.type === "checkbox" || field.type === "radio") field.checked = Boolean(kept?.includes(field.value));
    else if (kept && field.type !== "hidden") field.value = kept[0];
    else if (kept?.[0]) {
      field.value = kept[0];
      field.setAttribute("data-offline-kept", "");
    }
  }
}

async function takeLiveHiddenFields(form) {
  const response = await fetch(window.location.href, { credentials: "same-origin", cache: "no-store" });
  const live = new DOMParser().parseFromString(await response.text(), "text/html");
  const action = form.getAttribute("action");
  const liveForm = [...live.forms].find((candidate) => candidate.getAttribute("action") === action);
  for (const field of liveForm ? liveForm.querySelectorAll("input[type=hidden]") : []) {
    const mine = form.elements[field.name];
    // One put back from a live page (its one-off key) stays: it is what makes this send once.
    if (mine instanceof HTMLInputElement && !mine.hasAttribute("data-offline-kept")) mine.value = field.value;
  }
}

function element(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

let pending = null; // {form, submitter, kept, sending, notice, say}: the one form waiting to be sent
let letThrough = null; // a form being sent the ordinary way, after all

async function send() {
  const current = pending;
  if (!current || current.sending) return;
  current.sending = true;
  const { form, submitter } = current;
  const button = submitter && submitter.form === form ? submitter : undefined;
  let response;
  try {
    if (isCopy()) await takeLiveHiddenFields(form);
    const body = new URLSearchParams(new FormData(form, button));
    response = await fetch(form.action, { method: "POST", body, credentials: "same-origin" });
  } catch {
    current.sending = false;
    if (!current.notice) Object.assign(current, showNotice(form, current.kept));
    current.say("You still seem to be offline.");
    if (navigator.onLine) window.setTimeout(send, RETRY_MS);
    return;
  }
  current.notice?.remove();
  if (pending === current) pending = null;
  forgetDraft(form);
  if (response.redirected) {
    window.location.assign(response.url);
    return;
  }
  // Every form here answers with a redirect once it has done what was asked; any other answer
  // says why it did nothing (a question not answered, say). Send it the ordinary way to show it.
  letThrough = form;
  form.requestSubmit(button);
}

function showNotice(form, kept) {
  const words = kept
    ? "We have kept what you typed on this device and will send it when you are back online."
    : "It has not been sent yet. What you typed is still here, and we will send it when you are back online, if this page is still open.";
  const message = element("p", { class: "govuk-body" }, words);
  const sendNow = element("button", { type: "button", class: "govuk-button" }, "Send it now");
  const cancel = element("button", { type: "button", class: "govuk-button govuk-button--secondary" }, "Do not send it");
  const notice = element(
    "div",
    { class: "govuk-notification-banner", role: "alert", "aria-labelledby": "offline-notice-title", tabindex: "-1" },
    element(
      "div",
      { class: "govuk-notification-banner__header" },
      element("h2", { class: "govuk-notification-banner__title", id: "offline-notice-title" }, "Important"),
    ),
    element(
      "div",
      { class: "govuk-notification-banner__content" },
      element("p", { class: "govuk-notification-banner__heading" }, "You are offline"),
      message,
      element("div", { class: "govuk-button-group" }, sendNow, cancel),
    ),
  );
  sendNow.addEventListener("click", () => (navigator.onLine ? send() : pending?.say("You are still offline.")));
  cancel.addEventListener("click", () => {
    if (pending?.sending) return; // too late: it is on its way
    forgetDraft(form);
    pending = null;
    notice.remove();
    form.querySelector("[type=submit], button:not([type])")?.focus();
  });
  document.querySelector("#offline-notice-title")?.closest(".govuk-notification-banner")?.remove();
  form.before(notice);
  notice.focus();
  return { notice, say: (news) => (message.textContent = `${news} ${words}`) };
}

function holdBack(form, submitter, kept) {
  pending = { form, submitter, kept, sending: false, ...showNotice(form, kept) };
  // A copy is shown when the network failed, even if the browser says it is online.
  if (navigator.onLine) window.setTimeout(send, RETRY_MS);
}

export function initOfflineForms() {
  for (const form of document.querySelectorAll("form[data-offline-keep]")) {
    const draft = readDraft(form);
    if (!draft) continue;
    restore(form, draft.fields);
    if (navigator.onLine && !isCopy()) {
      pending = { form, submitter: null, kept: true, sending: false };
      send();
    } else {
      holdBack(form, null, true);
    }
  }

  // In the capture phase, so that a form htmx would send is held back too.
  document.addEventListener(
    "submit",
    (event) => {
      const form = event.target;
      if (!(form instanceof HTMLFormElement) || form.method !== "post") return;
      if (letThrough === form || (navigator.onLine && !isCopy())) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      holdBack(form, event.submitter, form.hasAttribute("data-offline-keep") && saveDraft(form));
    },
    true,
  );
  window.addEventListener("online", () => window.setTimeout(send, SETTLE_MS));

  // htmx's own requests (checking a field as it is left) wait for the connection too.
  document.body.addEventListener("htmx:beforeRequest", (event) => {
    if (!navigator.onLine || isCopy()) event.preventDefault();
  });
}
