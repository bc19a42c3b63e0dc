// "Turn on notifications": explain first, ask for permission only when the person taps the
// button, then hand the subscription to the portal. On iPhone and iPad web push works only
// for an app added to the Home Screen, so there we show how to do that instead.

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
  button.hidden = false;
  button.addEventListener("click", async () => {
    button.disabled = true;
    status.textContent = "Your browser will ask if you want notifications from us.";
    try {
      const permission = await Notification.requestPermission();
      if (permission !== "granted") {
        status.textContent = "Notifications were not allowed, so we will email you instead. You can change this in your browser's settings.";
        button.disabled = false;
        return;
      }
      status.textContent = "Turning on notifications…";
      const registration = await navigator.serviceWorker.ready;
      const subscription = await registration.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: urlBase64ToUint8Array(root.dataset.vapidPublicKey),
      });
      const response = await fetch(root.dataset.subscribeUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "x-csrftoken": csrfToken() },
        body: JSON.stringify(subscription.toJSON()),
      });
      if (!response.ok) throw new Error(`subscription refused: ${response.status}`);
      window.location.assign("/notifications?done=device-on");
    } catch {
      status.textContent = "Sorry, notifications could not be turned on. Try again later. We will email you in the meantime.";
      button.disabled = false;
    }
  });
}
