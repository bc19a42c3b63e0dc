// Carer Portal service worker.
// Keeps the built assets and the offline page from the start, and a copy of each public page
// that holds nothing about a person (the landing page, the stories, the enquiry form, the
// privacy notice) once the page asks, after someone has stayed a while (app.js), so a first
// visit costs no more than the page itself. The server fills in that list when it serves this
// script (carer_portal/pages/offline.py).
// Pages always come from the network first; a kept copy is shown only when that fails, and the
// offline page for any other page. It never keeps any other page, nor anything fetched with the
// person's cookies: those pages can hold children's information.
const CONFIG = __CONFIG__;
const CACHE = `carer-portal-${CONFIG.version}`;

// A copy is fetched for nobody (no cookies) and asked for as a copy, then kept under the page's
// own address. One that cannot be fetched now is left out rather than failing the install.
async function keepCopy(cache, page) {
  const url = new URL(page, self.location.origin);
  url.searchParams.set(CONFIG.copyParameter, "1");
  const response = await fetch(url, { credentials: "omit", redirect: "error" });
  if (response.ok) await cache.put(page, response);
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) =>
        Promise.all([cache.addAll(CONFIG.assets), keepCopy(cache, CONFIG.offlinePage)]),
      )
      .then(() => self.skipWaiting()),
  );
});

// The public pages, each kept once per version of this worker (a new version starts afresh).
async function keepPublicPages() {
  const cache = await caches.open(CACHE);
  const missing = [];
  for (const page of CONFIG.pages) {
    if (page !== CONFIG.offlinePage && !(await cache.match(page))) missing.push(page);
  }
  await Promise.all(missing.map((page) => keepCopy(cache, page).catch(() => {})));
}

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "keep-public-pages") event.waitUntil(keepPublicPages());
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

async function withoutNetwork(request, url) {
  const cache = await caches.open(CACHE);
  // Only the exact address of a kept page: "/enquire?invite=..." is not the page that was kept.
  const copy = request.method === "GET" && !url.search && CONFIG.pages.includes(url.pathname);
  return (copy && (await cache.match(url.pathname))) || cache.match(CONFIG.offlinePage);
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;

  if (request.mode === "navigate") {
    // A form sent as the connection drops comes here too, so the person sees our offline page
    // rather than the browser's error. (Sent with no connection at all, it never leaves the page:
    // offline-forms.js keeps it.)
    event.respondWith(fetch(request).catch(() => withoutNetwork(request, url)));
    return;
  }
  if (request.method === "GET" && url.pathname.startsWith("/static/")) {
    // Hashed names never change content, so the cache is always right.
    event.respondWith(caches.match(request, { cacheName: CACHE }).then((hit) => hit || fetch(request)));
  }
});

// Push: the payload is generic by design ({title, body, url, tag}); it never names a child.
self.addEventListener("push", (event) => {
  let message = {};
  try {
    message = event.data ? event.data.json() : {};
  } catch {
    message = {};
  }
  const title = message.title || "Carer Portal";
  event.waitUntil(
    self.registration.showNotification(title, {
      body: message.body || "There is something new for you.",
      tag: message.tag || "carer-portal",
      icon: CONFIG.icon,
      badge: CONFIG.icon,
      data: { url: typeof message.url === "string" && message.url.startsWith("/") ? message.url : "/" },
    }),
  );
});

// Tapping a notification focuses an open portal window (navigating it), or opens one.
self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = new URL(event.notification.data?.url || "/", self.location.origin).href;
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
      const open = windows.find((client) => new URL(client.url).origin === self.location.origin);
      if (open) return open.focus().then((client) => (client && "navigate" in client ? client.navigate(url) : client));
      return self.clients.openWindow(url);
    }),
  );
});
