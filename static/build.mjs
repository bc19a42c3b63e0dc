// Builds static/dist: compiled Sass, one bundled script, icons, each with a content hash
// in its name, plus manifest.json (logical name -> hashed name) and the service worker.
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import * as sass from "sass";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const src = join(root, "static", "src");
const dist = join(root, "static", "dist");

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

const manifest = {};
function emit(logicalName, contents) {
  const hash = createHash("sha256").update(contents).digest("hex").slice(0, 12);
  const ext = extname(logicalName);
  const hashed = `${basename(logicalName, ext)}.${hash}${ext}`; // icons/x.png -> x.<hash>.png
  writeFileSync(join(dist, hashed), contents);
  manifest[logicalName] = hashed;
}

const css = sass.compile(join(src, "app.scss"), {
  loadPaths: [join(root, "node_modules"), src],
  style: "compressed",
  quietDeps: true,
});
emit("app.css", css.css);

const js = await esbuild.build({
  entryPoints: [join(src, "app.js")],
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020"],
  write: false,
  legalComments: "none",
});
emit("app.js", js.outputFiles[0].contents);

for (const icon of readdirSync(join(src, "icons"))) {
  emit(`icons/${icon}`, readFileSync(join(src, "icons", icon)));
}

writeFileSync(join(dist, "manifest.json"), JSON.stringify(manifest, null, 2));

// The service worker is copied as it is: the server fills in what it keeps (the built assets,
// the public pages, its version) when it serves /sw.js (carer_portal/pages/offline.py).
copyFileSync(join(src, "sw.js"), join(dist, "sw.js"));

console.log(`built static/dist: ${Object.values(manifest).join(", ")}`);
