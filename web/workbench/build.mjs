// Builds the gateway's browser pages: type check (tsc), bundle (esbuild), then one
// bundle file the gateway embeds (services/gateway/web_assets.cc reads its format).
//   node build.mjs NODE_MODULES_DIR OUT_DIR
// OUT_DIR/site/... holds the files as served; OUT_DIR/site.bundle is, per file,
// "<path>\n<byte length>\n<bytes>".
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const [nodeModules, out] = process.argv.slice(2);
if (!nodeModules || !out) {
  console.error("usage: node build.mjs NODE_MODULES_DIR OUT_DIR");
  process.exit(2);
}
const require = createRequire(path.join(path.resolve(nodeModules), "package.json"));

execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(here, "tsconfig.json")],
             { stdio: "inherit" });

const site = path.join(out, "site");
fs.rmSync(site, { recursive: true, force: true });
fs.cpSync(path.join(here, "static"), site, { recursive: true });
const esbuild = require("esbuild");
esbuild.buildSync({
  entryPoints: { "workbench/app": path.join(here, "src/main.ts"), "api/api": path.join(here, "src/api_docs.ts") },
  outdir: site, bundle: true, format: "esm", target: "es2020", minify: true, sourcemap: true,
  charset: "utf8", logLevel: "warning",
});

function files(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]).sort();
}
const parts = [];
for (const file of files(site)) {
  const bytes = fs.readFileSync(file);
  parts.push(Buffer.from(`/${path.relative(site, file).split(path.sep).join("/")}\n${bytes.length}\n`), bytes);
}
fs.writeFileSync(path.join(out, "site.bundle"), Buffer.concat(parts));
console.log(`web: ${files(site).length} files in ${path.relative(process.cwd(), site) || site}`);
