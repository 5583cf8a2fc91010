// No Node imports: the dashboard colours its decision regions with this module too.

/**
 * One colour per class: Okabe & Ito's colour-blind-safe qualitative palette (without its black),
 * ordered so that two classes get the Playground's orange and blue, three add green. More classes
 * than colours reuse them in order.
 *
 * @example
 * classPalette[1]; // [0, 114, 178]: class 1, blue
 */
export const classPalette: readonly (readonly [number, number, number])[] = [
  [230, 159, 0], // orange
  [0, 114, 178], // blue
  [0, 158, 115], // bluish green
  [204, 121, 167], // reddish purple
  [213, 94, 0], // vermillion
  [86, 180, 233], // sky blue
  [240, 228, 66], // yellow
  [153, 153, 153], // grey
];

/**
 * Steps of confidence a region is shaded in: few enough that a GIF's 256 colours hold every
 * class's every shade exactly, enough to show the fade towards the boundary.
 *
 * @example
 * regionColor(0, 0.5); // one of confidenceLevels shades of orange
 */
export const confidenceLevels = 8;

/** The share of the class colour at the lowest and the highest confidence (the rest is white). */
const strength = { low: 0.1, high: 0.6 } as const;

/**
 * A class's colour as a CSS string (class −1, no class, is a light grey).
 *
 * @example
 * ctx.fillStyle = classCss(2);
 */
export function classCss(k: number): string {
  const [r, g, b] = classColor(k);
  return `rgb(${r},${g},${b})`;
}

/**
 * A class's full colour, for its points and legend swatch.
 *
 * @example
 * classColor(0); // [230, 159, 0]
 */
export function classColor(k: number): readonly [number, number, number] {
  return k < 0 ? blank : classPalette[k % classPalette.length]!;
}

/**
 * The colour of a decision region of class `k` where the network is `confidence` (0…1) sure:
 * the class colour faded towards white near the boundary, as the Playground draws it, in
 * {@link confidenceLevels} steps, and never at full strength, so points in their class colour
 * stand out on their own region.
 *
 * @example
 * regionColor(1, 1); // blue at 80%: [51, 142, 193]
 * regionColor(1, 0); // almost white: [224, 238, 246]
 */
export function regionColor(k: number, confidence: number): readonly [number, number, number] {
  return shadesOf(k).rgb[shadeOf(confidence)]!;
}

/**
 * {@link regionColor} as a CSS string (cached: a frame asks for it once per cell run).
 *
 * @example
 * ctx.fillStyle = regionCss(0, 0.9);
 */
export function regionCss(k: number, confidence: number): string {
  return shadesOf(k).css[shadeOf(confidence)]!;
}

/**
 * Every colour a decision-region picture of `classes` classes can hold: each class's full
 * colour and its shades, and the blank grey. A GIF's palette starts with them, so every
 * frame's regions keep their exact colours.
 *
 * @example
 * regionPalette(2).length; // 2 · (1 + confidenceLevels) + 1
 */
export function regionPalette(classes: number): (readonly [number, number, number])[] {
  const n = Math.min(classes, classPalette.length);
  const colors: (readonly [number, number, number])[] = [blank];
  for (let k = 0; k < n; k++) colors.push(classColor(k), ...shadesOf(k).rgb);
  return colors;
}

/** Light grey: where the prediction is no class (not finite). */
const blank = [236, 236, 236] as const;

/** Each class's shades, computed once (by palette slot; −1 for blank). */
const shades = new Map<number, { rgb: (readonly [number, number, number])[]; css: string[] }>();

function shadeOf(confidence: number): number {
  const c = confidence > 0 ? (confidence < 1 ? confidence : 1) : 0;
  return Math.round(c * (confidenceLevels - 1));
}

function shadesOf(k: number): { rgb: (readonly [number, number, number])[]; css: string[] } {
  const key = k < 0 ? -1 : k % classPalette.length;
  let found = shades.get(key);
  if (!found) {
    const [r, g, b] = classColor(key);
    const rgb = Array.from({ length: confidenceLevels }, (_, level) => {
      const s = key < 0 ? 1 : strength.low + ((strength.high - strength.low) * level) / (confidenceLevels - 1);
      return [r, g, b].map((c) => Math.round(255 - s * (255 - c))) as unknown as readonly [number, number, number];
    });
    shades.set(key, (found = { rgb, css: rgb.map(([r, g, b]) => `rgb(${r},${g},${b})`) }));
  }
  return found;
}
