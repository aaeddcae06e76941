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
// Once-only events are claimed through a Web Lock before they are delivered (and what
// was decided after them waits behind them): a lock request of this page is answered
// after those made before it, so this resolves once they are all delivered.
window.settle = () => navigator.locks.request("firstvalue-test:settle", { ifAvailable: true }, () => {})
  .then(() => new Promise((r) => setTimeout(r)));
document.body.dataset.ready = "true";
