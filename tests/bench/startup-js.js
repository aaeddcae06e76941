import { config, baselineMount } from "./workload.js";
baselineMount(document.querySelector("#onboarding"), config(5));
window.shown = performance.now();
