// An app bundled by esbuild or Rollup, which emit no asset for `new URL(…wasm)`: it uses the
// entry with the wasm inlined, as the package README says.
import init, { mount } from "firstvalue/inline";
import { start } from "./bundled-app.js";

await start(init, mount, "bundled_user");
