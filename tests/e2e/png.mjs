// Reads the pixels of a PNG screenshot (8-bit RGB or RGBA, not interlaced: what Chromium,
// Firefox and WebKitGTK write), and measures contrast on them: the checkbox test in three
// engines looks at what each engine drew, not at what the CSS asked for.
import { inflateSync } from "node:zlib";

/** { width, height, at(x, y) → [r, g, b] } of a PNG file's bytes. */
export function decode(png) {
  const buf = Buffer.from(png);
  if (buf.readUInt32BE(0) !== 0x89504e47) throw new Error("not a PNG");
  let at = 8, width, height, channels;
  const data = [];
  while (at < buf.length) {
    const len = buf.readUInt32BE(at);
    const type = buf.toString("latin1", at + 4, at + 8);
    const body = buf.subarray(at + 8, at + 8 + len);
    if (type === "IHDR") {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const [depth, color, , , interlace] = body.subarray(8, 13);
      channels = { 2: 3, 6: 4 }[color];
      if (depth !== 8 || !channels || interlace) throw new Error(`PNG kind ${depth}/${color}/${interlace} not read here`);
    } else if (type === "IDAT") {
      data.push(body);
    }
    at += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * channels;
  const px = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? px[y * stride + i - channels] : 0;
      const b = y > 0 ? px[(y - 1) * stride + i] : 0;
      const c = i >= channels && y > 0 ? px[(y - 1) * stride + i - channels] : 0;
      const p = a + b - c;
      const pred = [0, a, b, (a + b) >> 1,
        Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c][filter];
      px[y * stride + i] = (line[i] + pred) & 255;
    }
  }
  return { width, height, at: (x, y) => [...px.subarray(y * stride + x * channels, y * stride + x * channels + 3)] };
}

const luminance = (rgb) => {
  const [r, g, b] = rgb.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
/** The WCAG contrast ratio of two colours, to two decimals. */
export function contrast(a, b) {
  const [x, y] = [luminance(a), luminance(b)].sort((m, n) => n - m);
  return Math.round((x + 0.05) / (y + 0.05) * 100) / 100;
}

/** What a checkbox drawn at `rect` (CSS pixels, `scale` device pixels each) shows against
 *  the colour at `behind`: `boundary`, the best contrast of its outline (along the straight
 *  part of its left and top edges, one and two pixels in: a dashed outline's dashes) with the
 *  background; `fill`, its most common inside colour's; `mark`, the best contrast inside the
 *  box with that fill (1 when the box is one colour). */
export function checkbox(img, rect, behind, scale = 1) {
  const s = (v) => Math.round(v * scale);
  const bg = img.at(s(behind.x), s(behind.y));
  const [x0, y0, w, h] = [s(rect.x), s(rect.y), s(rect.width), s(rect.height)];
  let boundary = 1;
  for (const d of [1, 2]) {
    for (let i = s(5); i < Math.min(w, h) - s(5); i++) {
      boundary = Math.max(boundary, contrast(img.at(x0 + d, y0 + i), bg), contrast(img.at(x0 + i, y0 + d), bg));
    }
  }
  const inside = [];
  for (let y = y0 + s(4); y < y0 + h - s(4); y++) for (let x = x0 + s(4); x < x0 + w - s(4); x++) inside.push(img.at(x, y));
  const counts = new Map();
  for (const c of inside) counts.set(c.join(), (counts.get(c.join()) ?? 0) + 1);
  const fill = [...counts].sort((a, b) => b[1] - a[1])[0][0].split(",").map(Number);
  const mark = Math.max(...inside.map((c) => contrast(c, fill)));
  return { boundary, fill: contrast(fill, bg), mark };
}

/** The contrast figures of a checklist's checkboxes, from a screenshot before the open box was
 *  clicked and one after, each with where checkboxBoxes() (pages/contrast.js) found the boxes:
 *  the unchecked and the disabled outline, the checked fill against the panel, the mark
 *  against the fill, and what the unchecked box showed as a mark (about 1: nothing). */
export function readCheckboxes(before, atBefore, after, atAfter) {
  const open = checkbox(before, atBefore.open, atBefore.behind, atBefore.scale);
  const locked = checkbox(before, atBefore.locked, atBefore.behind, atBefore.scale);
  const checked = checkbox(after, atAfter.open, atAfter.behind, atAfter.scale);
  return { unchecked: open.boundary, disabled: locked.boundary, checked: checked.fill, mark: checked.mark, markWhenUnchecked: open.mark };
}
