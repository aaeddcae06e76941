// The Web Lock behind a once-only event (src/web/claim.rs decides what to do with the
// answer). scripts/minify.mjs inlines this file into the glue.
//
// Asks navigator.locks for `name` with ifAvailable and calls `settle(answer)` exactly once:
// 1 granted (held `hold` ms, then released), 2 held by another checklist or tab, 3 no answer
// after `wait` ms, 4 refused (an opaque origin, a detached document). Without Web Locks, or
// when asking threw, `settle(0)` at once and `false`.
export function claim(name, hold, wait, settle) {
  let done = false;
  const once = (answer) => {
    if (!done) {
      done = true;
      settle(answer);
    }
  };
  try {
    const locks = navigator.locks;
    const held = locks.request(name, { ifAvailable: true }, (lock) => {
      if (!lock) return once(2);
      once(1);
      return new Promise((resolve) => setTimeout(resolve, hold));
    });
    held.then(undefined, () => once(4));
  } catch {
    once(0);
    return false;
  }
  try {
    setTimeout(() => once(3), wait);
  } catch {
    // A page's setTimeout that throws: no bound on the wait.
  }
  return true;
}
