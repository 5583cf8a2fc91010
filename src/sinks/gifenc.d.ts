// gifenc ships no types; this declares the part rxprop uses (see its README). Its ESM build has
// named exports, its CommonJS build (what Node loads) only a default object holding them.
declare module 'gifenc' {
  type Palette = number[][];
  interface Encoder {
    writeFrame(index: Uint8Array, width: number, height: number, options?: { palette?: Palette; delay?: number; repeat?: number; transparent?: boolean }): void;
    finish(): void;
    bytes(): Uint8Array;
  }
  interface Gifenc {
    GIFEncoder(options?: { auto?: boolean }): Encoder;
    quantize(rgba: Uint8Array | Uint8ClampedArray, maxColors: number, options?: { format?: 'rgb565' | 'rgb444' | 'rgba4444' }): Palette;
    applyPalette(rgba: Uint8Array | Uint8ClampedArray, palette: Palette, format?: 'rgb565' | 'rgb444' | 'rgba4444'): Uint8Array;
  }
  export const GIFEncoder: Gifenc['GIFEncoder'] | undefined;
  export const quantize: Gifenc['quantize'] | undefined;
  export const applyPalette: Gifenc['applyPalette'] | undefined;
  const gifenc: Gifenc | Gifenc['GIFEncoder'];
  export default gifenc;
}
