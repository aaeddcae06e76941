// A static export (out/), served by the repository's own server under /next/out/ in the e2e
// test; a real app would serve it anywhere, or use `next start`. Nothing here is for the wasm:
// Next (Turbopack) turns the package's new URL("firstvalue_bg.wasm", import.meta.url) into an
// asset by itself.
export default {
  output: "export",
  basePath: "/next/out",
  // firstvalue is installed from a folder (a symlink to ../../pkg), outside this project.
  outputFileTracingRoot: new URL("../..", import.meta.url).pathname,
  turbopack: { root: new URL("../..", import.meta.url).pathname },
};
