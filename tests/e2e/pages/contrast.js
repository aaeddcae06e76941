/** In the page: the contrast ratios (WCAG) of the checkboxes in `host`'s shadow root, the
 *  lowest of each kind: an unchecked box's boundary, a disabled one's, and a checked box's
 *  fill against the panel, and its mark against the fill (0 when the mark is not shown).
 *  Plain DOM, so it runs in any engine: the harness page has it as window.checkboxContrast,
 *  and Playwright tests pass it to evaluate(). */
export function checkboxContrast(host) {
  const rgb = (c) => (c.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
  const lum = (c) => {
    const [r, g, b] = rgb(c).map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((m, n) => n - m); return Math.round((x + 0.05) / (y + 0.05) * 100) / 100; };
  const root = document.querySelector(host).shadowRoot;
  const panel = getComputedStyle(root.querySelector(".panel")).backgroundColor;
  const out = { unchecked: null, disabled: null, checked: null, mark: null };
  const low = (k, v) => { out[k] = out[k] === null ? v : Math.min(out[k], v); };
  for (const box of root.querySelectorAll("input.check")) {
    const s = getComputedStyle(box);
    if (box.checked) {
      low("checked", ratio(s.backgroundColor, panel));
      const mark = getComputedStyle(box, "::before");
      low("mark", mark.visibility === "visible" ? ratio(mark.borderLeftColor, s.backgroundColor) : 0);
    } else {
      low(box.disabled ? "disabled" : "unchecked", ratio(s.borderTopColor, panel));
    }
  }
  return out;
}

/** In the page: where the checkboxes of steps `open` (unchecked, to be clicked) and `locked`
 *  are in `host`'s shadow root, in CSS pixels, a point of the panel beside the first, and the
 *  device pixel ratio: what png.mjs's readCheckboxes() reads a screenshot with. Taken with no
 *  focus ring showing and once the last change is painted: a screenshot shows the last frame,
 *  which may not have it yet (WebKit). Plain DOM, for any engine (window.checkboxBoxes in
 *  the harness). */
export async function checkboxBoxes({ host, open, locked }) {
  const root = document.querySelector(host).shadowRoot;
  root.activeElement?.blur();
  await new Promise((painted) => requestAnimationFrame(() => requestAnimationFrame(painted)));
  const rect = (step) => root.querySelector(`[data-step=${step}] input`).getBoundingClientRect().toJSON();
  const box = rect(open);
  return { open: box, locked: rect(locked), behind: { x: box.x - 4, y: box.y + box.height / 2 }, scale: devicePixelRatio };
}
