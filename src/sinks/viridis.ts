// No Node imports: the browser dashboard imports this module as it is.

/** matplotlib's viridis at t = 0, 0.1, …, 1; colours in between are interpolated linearly. */
const stops = ['440154', '482475', '414487', '355f8d', '2a788e', '21918c', '22a884', '44bf70', '7ad151', 'bddf26', 'fde725'].map(
  (hex) => [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number],
);

/**
 * The viridis colour map: t in [0, 1] (clamped; NaN gives the low end) to an RGB triple of 0–255
 * integers. Perceptually uniform and readable in grey and by colour-blind readers, and the
 * colour map of matplotlib's `imshow`, so our heatmaps look like the seed's.
 *
 * @example
 * viridis(0); // [68, 1, 84]
 * viridis(1); // [253, 231, 37]
 */
export function viridis(t: number): [number, number, number] {
  const u = t > 0 ? (t < 1 ? t : 1) : 0;
  const x = u * (stops.length - 1);
  const i = Math.min(Math.floor(x), stops.length - 2);
  const f = x - i;
  const a = stops[i]!;
  const b = stops[i + 1]!;
  return [0, 1, 2].map((k) => Math.round(a[k]! + f * (b[k]! - a[k]!))) as [number, number, number];
}

/**
 * A CSS colour string for {@link viridis}(t), for canvas `fillStyle`.
 *
 * @example
 * ctx.fillStyle = viridisCss(0.5);
 */
export function viridisCss(t: number): string {
  const [r, g, b] = viridis(t);
  return `rgb(${r},${g},${b})`;
}
