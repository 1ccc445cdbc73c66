import { describe, expect, it } from "vitest";
import { dilate, inpaint } from "./inpaint";

describe("inpaint", () => {
  it("fills a hole in a smooth gradient with close values and leaves known pixels alone", () => {
    const w = 64;
    const h = 48;
    const data = new Uint8Array(w * h * 4);
    for (let v = 0; v < h; v++) for (let u = 0; u < w; u++) data.set([2 * u, 3 * v, 100, 255], 4 * (v * w + u));
    const truth = new Uint8Array(data);
    const hole = new Uint8Array(w * h);
    for (let v = 18; v < 30; v++) for (let u = 24; u < 40; u++) {
      hole[v * w + u] = 1;
      data.set([255, 0, 255, 255], 4 * (v * w + u)); // an "object" to remove
    }
    const out = inpaint({ width: w, height: h, data }, hole);
    let worst = 0;
    for (let i = 0; i < w * h; i++) {
      for (let ch = 0; ch < 3; ch++) {
        const err = Math.abs(out.data[4 * i + ch] - truth[4 * i + ch]);
        if (hole[i]) worst = Math.max(worst, err);
        else expect(err).toBe(0);
      }
    }
    expect(worst).toBeLessThan(24); // the removed magenta (255/0/255) is gone
  });

  it("dilates masks by whole pixels", () => {
    const m = new Uint8Array(25);
    m[12] = 1;
    expect(dilate(m, 5, 5, 1).reduce((a, b) => a + b, 0)).toBe(5);
    expect(dilate(m, 5, 5, 2).reduce((a, b) => a + b, 0)).toBe(13);
  });
});
