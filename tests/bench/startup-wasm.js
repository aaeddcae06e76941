import init, { mount } from "/pkg/firstvalue.js";
import { config } from "./workload.js";
await init();
window.wasmReady = performance.now();
const target = document.querySelector("#onboarding");
mount(target, config(5), { storage: "memory" });
window.shown = performance.now();
// Style and layout of what was built: the checklist is on screen after this.
target.shadowRoot.firstElementChild?.getBoundingClientRect();
window.laidOut = performance.now();
