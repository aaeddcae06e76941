// Loads the package like a host would and exposes it to the tests as window.fv: the
// production build, or with `?dev` the development build (the long onError messages).
// window.events collects every event each checklist reports, window.faults every onError.
import { checkboxBoxes, checkboxContrast } from "./contrast.js";

const fv = await import(new URLSearchParams(location.search).has("dev") ? "/pkg/dev/firstvalue.js" : "/pkg/firstvalue.js");
await fv.default();
window.fv = fv;
window.checkboxContrast = checkboxContrast;
window.checkboxBoxes = checkboxBoxes;
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
// was decided after them waits behind them), a task or two later: this resolves once no
// event has arrived for two 40 ms windows in a row.
window.settle = async () => {
  for (let quiet = 0, n = -1; quiet < 2; ) {
    quiet = n === window.events.length ? quiet + 1 : 0;
    n = window.events.length;
    await new Promise((r) => setTimeout(r, 40));
  }
};
document.body.dataset.ready = "true";
