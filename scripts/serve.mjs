// Serves the demo: www/ at /, and the built package pkg/ at /pkg/.
// Usage: node scripts/serve.mjs [port]   (0 picks a free port). Exits if the port is taken.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { brotliCompressSync, gzipSync, constants } from "node:zlib";
import { extname, join, normalize, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const types = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8", ".json": "application/json", ".wasm": "application/wasm", ".png": "image/png",
  ".svg": "image/svg+xml", ".ts": "text/plain; charset=utf-8",
};

const COMPRESSIBLE = new Set([".html", ".js", ".mjs", ".css", ".json", ".wasm", ".svg", ".ts"]);
const packed = new Map();

/** `body` compressed with `encoding` (`br` at quality 11, `gzip` at level 9), made once per
 *  file version: what a CDN or a build step would store next to the file. */
function compressed(file, mtime, body, encoding) {
  const key = `${encoding}:${file}:${mtime}`;
  if (!packed.has(key)) {
    packed.set(key, encoding === "br"
      ? brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } })
      : gzipSync(body, { level: 9 }));
  }
  return packed.get(key);
}

/** Starts the server; resolves to { server, url }. `headers(path)` may add response headers.
 *  `encodings` (e.g. ["br", "gzip"]) are offered in that order to clients that accept them;
 *  none by default (the tests read bodies as written). With `cache`, responses carry an ETag
 *  and `Cache-Control: no-cache`: a returning browser revalidates and gets a 304 with no body
 *  (it still compiles the wasm again: V8 caches only optimized code); without, `no-store`. */
export function serve(port = 8080, { headers = () => ({}), encodings = [], cache = false } = {}) {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    const rel = normalize(path).replace(/^(\.\.[/\\])+/, "");
    // /pkg/ is the built package; /__test__/ the e2e fixture pages; /__bench__/ the benchmarks; else www/.
    let file = rel.startsWith("/pkg/") ? join(root, rel)
      : rel.startsWith("/__test__/") ? join(root, "tests/e2e/pages", rel.slice("/__test__/".length))
      : rel.startsWith("/__bench__/") ? join(root, "tests/bench", rel.slice("/__bench__/".length))
      : join(root, "www", rel);
    try {
      let info = await stat(file);
      if (info.isDirectory()) {
        file = join(file, "index.html");
        info = await stat(file);
      }
      const extra = {};
      const accepted = String(req.headers["accept-encoding"] ?? "").split(",").map((e) => e.trim().split(";")[0]);
      const encoding = COMPRESSIBLE.has(extname(file)) && encodings.find((e) => accepted.includes(e));
      if (cache) {
        // The file's version; the encoding is part of the representation, so part of the tag.
        const tag = `W/"${info.size.toString(36)}-${Math.floor(info.mtimeMs).toString(36)}-${encoding || "id"}"`;
        extra.etag = tag;
        extra["cache-control"] = "no-cache";
        if (req.headers["if-none-match"] === tag) {
          res.writeHead(304, { ...extra, vary: "accept-encoding" });
          res.end();
          return;
        }
      }
      let body = await readFile(file);
      if (encoding) {
        body = compressed(file, info.mtimeMs, body, encoding);
        extra["content-encoding"] = encoding;
        extra.vary = "accept-encoding";
      }
      res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream", "cache-control": "no-store", ...extra, ...headers(path) });
      res.end(body);
    } catch {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
    }
  });
  return new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(port, "127.0.0.1", () => ok({ server, url: `http://127.0.0.1:${server.address().port}/` }));
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const port = Number(process.argv[2] ?? 8080);
  // As a production host would: brotli where the browser takes it, else gzip; revalidated
  // caching (the demo's URLs carry no version, so not `immutable`).
  serve(port, { encodings: ["br", "gzip"], cache: true }).then(({ url }) => console.log(`firstvalue demo: ${url}  (Ctrl-C to stop)`), (e) => {
    console.error(`cannot serve on port ${port}: ${e.message}`);
    process.exit(1);
  });
}
