// Carer Portal service worker.
// Precaches the built assets and the offline page; serves the offline page when a
// navigation fails. It never caches other pages: they can hold children's information.
const VERSION = "__VERSION__";
const CACHE = `carer-portal-${VERSION}`;
const OFFLINE_URL = "/offline";
const PRECACHE = __PRECACHE__;
const ICON = "__ICON__";

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll([...PRECACHE, OFFLINE_URL]))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;

  if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(() => caches.match(OFFLINE_URL, { cacheName: CACHE })));
    return;
  }
  if (url.pathname.startsWith("/static/")) {
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
      icon: ICON,
      badge: ICON,
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
