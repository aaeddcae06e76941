// The app the bundler tests build (webpack.test.mjs, bundlers.test.mjs), as the package README
// says: init, fetch the config, mount, track. Each bundler's entry passes the package's
// init and mount, from the entry it takes (`firstvalue` or `firstvalue/inline`).
export async function start(init, mount, userId) {
  await init();
  const config = await (await fetch("/acme.config.json")).json();
  window.events = [];
  const checklist = mount("#onboarding", config, {
    user: { id: userId, traits: { plan: "team", seats: 3 } },
    storage: "memory",
    onEvent: (e) => window.events.push(e.type),
  });
  window.done = checklist.track("datasource_connected");
  document.body.dataset.ready = "true";
}
