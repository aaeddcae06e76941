// What init() says in this engine: body[data-init] is "ok", or the Error's message (and its
// errors[0].code in data-code). engines.test.mjs reads it below and above the baseline.
import init from "/pkg/firstvalue.js";

try {
  await init();
  document.body.dataset.init = "ok";
} catch (e) {
  document.body.dataset.code = e.errors?.[0]?.code ?? "";
  document.body.dataset.init = e.message;
}
