// Loads the package like a host would and exposes it to the tests as window.fv.
// window.events collects every event each checklist reports, window.faults every onError.
import init, * as fv from "/pkg/firstvalue.js";
await init();
window.fv = fv;
window.events = [];
window.faults = [];
window.config = await (await fetch("/__test__/config.json")).json();
window.opts = (extra = {}) => ({
  user: { id: "u1", traits: { plan: "pro" } },
  onEvent: (e) => window.events.push(e),
  onError: (e) => window.faults.push(e),
  ...extra,
});
document.body.dataset.ready = "true";
