// The plain-JS widget of the start-up comparison: the bench's baseline builder with the
// widget's own stylesheet (gen/style.js: src/web/style.css, minified, written by bench.mjs).
import { baselineMount } from "./workload.js";
import { css } from "./gen/style.js";

const sheet = new CSSStyleSheet();
sheet.replaceSync(css);
export const mount = (target, config) => baselineMount(target, config, sheet);
