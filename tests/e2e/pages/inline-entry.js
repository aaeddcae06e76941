// An app bundled by esbuild or Rollup, which emit no asset for `new URL(…wasm)`: it uses
// the entry with the wasm inlined, as the package README says.
import init, { mount } from "firstvalue/inline";

await init();
const config = await (await fetch("/acme.config.json")).json();
window.events = [];
const checklist = mount("#onboarding", config, {
  user: { id: "bundled_user", traits: { plan: "team", seats: 3 } },
  storage: "memory",
  onEvent: (e) => window.events.push(e.type),
});
window.done = checklist.track("datasource_connected");
document.body.dataset.ready = "true";
