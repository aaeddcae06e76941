import init, { mount } from "/pkg/firstvalue.js";
import { config } from "./workload.js";
await init();
window.wasmReady = performance.now();
mount("#onboarding", config(5), { storage: "memory" });
window.shown = performance.now();
