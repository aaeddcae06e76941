// The demo server serves the package as the README's serving notes say: the wasm as
// application/wasm, compressed (brotli where the browser takes it, else gzip), and with
// revalidated caching, so a returning browser downloads nothing (a 304).
import { test } from "node:test";
import assert from "node:assert/strict";
import { get } from "node:http";
import { readFileSync } from "node:fs";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { serve } from "../../scripts/serve.mjs";

const wasm = readFileSync(new URL("../../pkg/firstvalue_bg.wasm", import.meta.url));

function fetchRaw(url, headers) {
  return new Promise((ok, fail) => get(url, { headers }, (res) => {
    const parts = [];
    res.on("data", (c) => parts.push(c));
    res.on("end", () => ok({ status: res.statusCode, headers: res.headers, body: Buffer.concat(parts) }));
  }).on("error", fail));
}

test("make demo's server: brotli or gzip by Accept-Encoding, an ETag per encoding, and a 304 when it matches", async () => {
  const { server, url } = await serve(0, { encodings: ["br", "gzip"], cache: true });
  try {
    const at = `${url}pkg/firstvalue_bg.wasm`;
    const br = await fetchRaw(at, { "accept-encoding": "gzip, deflate, br" });
    assert.equal(br.status, 200);
    assert.equal(br.headers["content-type"], "application/wasm");
    assert.equal(br.headers["content-encoding"], "br");
    assert.equal(br.headers["cache-control"], "no-cache");
    assert.ok(brotliDecompressSync(br.body).equals(wasm));
    assert.ok(br.body.length < wasm.length / 2);
    const gz = await fetchRaw(at, { "accept-encoding": "gzip" });
    assert.equal(gz.headers["content-encoding"], "gzip");
    assert.ok(gunzipSync(gz.body).equals(wasm));
    assert.notEqual(gz.headers.etag, br.headers.etag);

    const again = await fetchRaw(at, { "accept-encoding": "gzip, deflate, br", "if-none-match": br.headers.etag });
    assert.equal(again.status, 304);
    assert.equal(again.body.length, 0);
    // A tag for another encoding is not a match.
    const other = await fetchRaw(at, { "accept-encoding": "gzip, deflate, br", "if-none-match": gz.headers.etag });
    assert.equal(other.status, 200);
  } finally {
    server.close();
  }
});

test("the test server (no options) sends bodies as written and never lets them be cached", async () => {
  const { server, url } = await serve(0);
  try {
    const r = await fetchRaw(`${url}pkg/firstvalue_bg.wasm`, { "accept-encoding": "gzip, br" });
    assert.equal(r.status, 200);
    assert.equal(r.headers["content-encoding"], undefined);
    assert.equal(r.headers["cache-control"], "no-store");
    assert.equal(r.headers.etag, undefined);
    assert.ok(r.body.equals(wasm));
  } finally {
    server.close();
  }
});
