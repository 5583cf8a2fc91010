// No Node imports: the dashboard colours its decision regions with this module too.

/**
 * One colour per class: Tableau 10, the categorical palette of Tableau and Vega (Okabe & Ito's
 * colour-blind-safe one has 8 colours, too few for ten digits), with orange and blue swapped to
 * the front, so that two classes get the Playground's orange and blue. Ten colours cover MNIST's
 * digits; more classes than colours get the palette again, darker and then lighter (see
 * {@link classColor}), instead of repeating it.
 *
 * @example
 * classPalette[1]; // [78, 121, 167]: class 1, blue
 */
export const classPalette: readonly (readonly [number, number, number])[] = [
  [242, 142, 43], // orange
  [78, 121, 167], // blue
  [225, 87, 89], // red
  [118, 183, 178], // teal
  [89, 161, 79], // green
  [237, 201, 72], // yellow
  [176, 122, 161], // purple
  [255, 157, 167], // pink
  [156, 117, 95], // brown
  [186, 176, 172], // grey
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
 * A class's full colour, for its points and legend swatch. Class k past the palette takes
 * palette colour k mod 10 in round r = ⌊k / 10⌋: mixed towards black in odd rounds and towards
 * white in even ones, by 1 − 0.6^⌈r/2⌉ (40%, then 64%, …), so the first 100 classes (tested) all differ,
 * though past about 30 neighbours get hard to tell apart.
 *
 * @example
 * classColor(0); // [242, 142, 43]
 * classColor(10); // [145, 85, 26]: orange, 40% darker
 */
export function classColor(k: number): readonly [number, number, number] {
  if (k < 0) return blank;
  const base = classPalette[k % classPalette.length]!;
  const round = Math.floor(k / classPalette.length);
  if (round === 0) return base;
  const towards = round % 2 === 1 ? 0 : 255;
  const mix = 1 - 0.6 ** Math.ceil(round / 2);
  return base.map((c) => Math.round(c + (towards - c) * mix)) as unknown as readonly [number, number, number];
}

/**
 * The colour of a decision region of class `k` where the network is `confidence` (0…1) sure:
 * the class colour faded towards white near the boundary, as the Playground draws it, in
 * {@link confidenceLevels} steps, and never at full strength, so points in their class colour
 * stand out on their own region.
 *
 * @example
 * regionColor(1, 1); // blue at 60%: [149, 175, 202]
 * regionColor(1, 0); // almost white: [237, 242, 246]
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
  const colors: (readonly [number, number, number])[] = [blank];
  for (let k = 0; k < classes; k++) colors.push(classColor(k), ...shadesOf(k).rgb);
  return colors;
}

/** Light grey: where the prediction is no class (not finite). */
const blank = [236, 236, 236] as const;

/** Each class's shades, computed once (by class; −1 for blank). */
const shades = new Map<number, { rgb: (readonly [number, number, number])[]; css: string[] }>();

function shadeOf(confidence: number): number {
  const c = confidence > 0 ? (confidence < 1 ? confidence : 1) : 0;
  return Math.round(c * (confidenceLevels - 1));
}

function shadesOf(k: number): { rgb: (readonly [number, number, number])[]; css: string[] } {
  const key = k < 0 ? -1 : k;
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
