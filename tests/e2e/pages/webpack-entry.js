// A webpack 5 app that follows the package README: import, init, mount, track.
import init, { mount } from "firstvalue";

await init();
const config = await (await fetch("/acme.config.json")).json();
window.events = [];
const checklist = mount("#onboarding", config, {
  user: { id: "webpack_user", traits: { plan: "team", seats: 3 } },
  storage: "memory",
  onEvent: (e) => window.events.push(e.type),
});
window.done = checklist.track("datasource_connected");
document.body.dataset.ready = "true";
