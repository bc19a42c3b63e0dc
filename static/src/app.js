// The one script the portal ships: htmx 2, the GOV.UK Frontend components we use,
// and the service worker registration. Every page works without it.
import htmx from "htmx.org";
import { Button, ErrorSummary, NotificationBanner, Radios, ServiceNavigation, SkipLink, createAll } from "govuk-frontend";
import { initLiveErrorSummary } from "./error-summary.js";
import { initImportProgress } from "./import-progress.js";
import { initOfflineForms } from "./offline-forms.js";
import { initPush } from "./push.js";
import { initShare } from "./share.js";
import { initSteadyTaps } from "./steady-taps.js";

window.htmx = htmx;

createAll(Button);
createAll(ErrorSummary);
createAll(ServiceNavigation);
createAll(SkipLink);
createAll(Radios);
createAll(NotificationBanner);

initSteadyTaps(htmx);
initLiveErrorSummary();
initImportProgress();
initOfflineForms();
for (const root of document.querySelectorAll('[data-module="app-push"]')) initPush(root);
for (const root of document.querySelectorAll('[data-module="app-share"]')) initShare(root);

// After someone has stayed a while, the public pages are kept for reading offline (about 30 KB):
// not on a first glance, and not when the browser asks to save data.
const KEEP_PUBLIC_PAGES_AFTER_MS = 15000;

if ("serviceWorker" in navigator) {
  window.addEventListener("load", () => {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {
      // Offline support is a bonus: the portal works without it.
    });
    if (!navigator.connection?.saveData) {
      window.setTimeout(() => {
        navigator.serviceWorker.ready.then((registration) => {
          registration.active?.postMessage({ type: "keep-public-pages" });
        });
      }, KEEP_PUBLIC_PAGES_AFTER_MS);
    }
  });
}
