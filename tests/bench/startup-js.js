import { config, baselineMount } from "./workload.js";
const target = document.querySelector("#onboarding");
baselineMount(target, config(5));
window.shown = performance.now();
target.shadowRoot.firstElementChild?.getBoundingClientRect();
window.laidOut = performance.now();
