// Builds the static assets the server serves under /static/<name> (from ui/dist/):
//   src/app.js      -> dist/app.js      (bundled, minified IIFE; loaded with <script defer>)
//   src/charts.js   -> dist/charts.js   (Chart.js and the charts; app.js loads it where needed)
//   src/ecosystem-map.js -> dist/ecosystem-map.js (Cytoscape.js and the map; loaded on /ekosystem)
//   src/app.css     -> dist/app.css     (minified)
//   src/favicon.svg -> dist/favicon.svg (whitespace trimmed)
// Usage: node build.mjs [--clean] [--dev]   (--dev: no minification, inline source maps off)
import { build } from "esbuild";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(fileURLToPath(import.meta.url));
const src = join(root, "src");
const dist = join(root, "dist");
const args = new Set(process.argv.slice(2));
const minify = !args.has("--dev");

// Browsers of the last few years; the scripts only enhance, so older ones simply skip them.
const target = ["es2020", "chrome90", "firefox88", "safari14", "edge90"];

async function main() {
  await rm(dist, { recursive: true, force: true });
  if (args.has("--clean")) return;
  await mkdir(dist, { recursive: true });

  await build({
    entryPoints: [join(src, "app.js")],
    outfile: join(dist, "app.js"),
    bundle: true,
    format: "iife",
    target,
    minify,
    legalComments: "none",
    charset: "utf8",
    logLevel: "warning",
  });

  await build({
    entryPoints: [join(src, "charts.js")],
    outfile: join(dist, "charts.js"),
    bundle: true,
    format: "iife",
    target,
    minify,
    legalComments: "none",
    charset: "utf8",
    logLevel: "warning",
  });

  await build({
    entryPoints: [join(src, "ecosystem-map.js")],
    outfile: join(dist, "ecosystem-map.js"),
    bundle: true,
    format: "iife",
    target,
    minify,
    legalComments: "none",
    charset: "utf8",
    logLevel: "warning",
  });

  await build({
    entryPoints: [join(src, "app.css")],
    outfile: join(dist, "app.css"),
    bundle: true,
    target,
    minify,
    legalComments: "none",
    charset: "utf8",
    logLevel: "warning",
  });

  const svg = await readFile(join(src, "favicon.svg"), "utf8");
  const trimmed = minify ? svg.replace(/>\s+</g, "><").trim() + "\n" : svg;
  await writeFile(join(dist, "favicon.svg"), trimmed);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
