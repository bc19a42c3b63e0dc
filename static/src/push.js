// "Turn on notifications": explain first, ask for permission only when the person taps the
// button, then hand the subscription to the portal. On iPhone and iPad web push works only
// for an app added to the Home Screen, so there we show how to do that instead.
// Every step that waits on the browser or its push service has a time limit: Chromium's
// subscribe() waited for minutes when the push service could not be reached.

// The limit for each step, unless the element's data-timeout-ms says otherwise (tests do).
const STEP_TIMEOUT_MS = 20000;

// What went wrong, in plain words, for each step that can run out of time.
const TIMED_OUT = {
  permission: "your browser did not tell us whether you allowed them.",
  "service worker": "your browser was not ready for them in time.",
  subscription: "your browser's notification service did not answer in time. This can happen when the signal is weak.",
  saving: "we did not hear back in time. This can happen when the signal is weak.",
};

class StepTimedOut extends Error {}

function withinTime(promise, milliseconds, step) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = window.setTimeout(() => reject(new StepTimedOut(step)), milliseconds);
  });
  return Promise.race([promise, timeout]).finally(() => window.clearTimeout(timer));
}

function urlBase64ToUint8Array(base64) {
  const padded = (base64 + "=".repeat((4 - (base64.length % 4)) % 4)).replace(/-/g, "+").replace(/_/g, "/");
  const raw = atob(padded);
  return Uint8Array.from(raw, (c) => c.charCodeAt(0));
}

function csrfToken() {
  try {
    return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["x-csrftoken"] || "";
  } catch {
    return "";
  }
}

function isAppleMobile() {
  return /iP(hone|ad|od)/.test(navigator.userAgent) || (navigator.platform === "MacIntel" && navigator.maxTouchPoints > 1);
}

function isInstalled() {
  return window.matchMedia("(display-mode: standalone)").matches || navigator.standalone === true;
}

export function initPush(root) {
  const show = (selector) => {
    const element = root.querySelector(selector);
    if (element) element.hidden = false;
  };
  const button = root.querySelector(".app-push__button");
  const status = root.querySelector(".app-push__status");
  root.querySelector(".app-push__no-js").hidden = true;

  if (isAppleMobile() && !isInstalled()) {
    show(".app-push__ios");
    return;
  }
  if (!("serviceWorker" in navigator && "PushManager" in window && "Notification" in window)) {
    show(".app-push__unsupported");
    return;
  }
  if (Notification.permission === "denied") {
    show(".app-push__blocked");
    return;
  }
  const emailInstead = root.querySelector(".app-push__email-instead");
  const message = root.querySelector(".app-push__message");
  const say = (words, { failed = false } = {}) => {
    message.textContent = words;
    emailInstead.hidden = !failed;
  };
  const giveUp = (reason) => {
    say(`Notifications could not be turned on: ${reason} You can try again.`, { failed: true });
    button.disabled = false;
  };

  button.hidden = false;
  button.addEventListener("click", async () => {
    button.disabled = true;
    const limit = Number(root.dataset.timeoutMs) || STEP_TIMEOUT_MS;
    say("Your browser will ask if you want notifications from us.");
    try {
      const permission = await withinTime(Notification.requestPermission(), limit, "permission");
      if (permission !== "granted") {
        say("Notifications were not allowed, so we will email you instead. You can change this in your browser's settings.");
        button.disabled = false;
        return;
      }
      say("Turning on notifications…");
      const registration = await withinTime(navigator.serviceWorker.ready, limit, "service worker");
      const subscription = await withinTime(
        registration.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: urlBase64ToUint8Array(root.dataset.vapidPublicKey),
        }),
        limit,
        "subscription",
      );
      const response = await withinTime(
        fetch(root.dataset.subscribeUrl, {
          method: "POST",
          credentials: "same-origin",
          headers: { "Content-Type": "application/json", "x-csrftoken": csrfToken() },
          body: JSON.stringify(subscription.toJSON()),
        }),
        limit,
        "saving",
      );
      if (!response.ok) throw new Error(`subscription refused: ${response.status}`);
      window.location.assign("/notifications?done=device-on");
    } catch (error) {
      giveUp(error instanceof StepTimedOut ? TIMED_OUT[error.message] : "something went wrong on the way.");
    }
  });
}
