/**
 * The part of the Canvas 2D API our drawing functions use. Both the browser's
 * `CanvasRenderingContext2D` and @napi-rs/canvas's context satisfy it, so the dashboard draws
 * with the same code that writes the PNG and GIF files.
 *
 * @example
 * const ctx: Context2D = document.querySelector('canvas')!.getContext('2d')!;
 */
export type Context2D = Pick<
  CanvasRenderingContext2D,
  | 'fillRect' | 'fillText' | 'measureText' | 'beginPath' | 'moveTo' | 'lineTo' | 'stroke' | 'setLineDash' | 'save'
  | 'restore' | 'strokeRect' | 'fillStyle' | 'strokeStyle' | 'lineWidth' | 'font' | 'textAlign' | 'textBaseline'
  | 'translate' | 'rotate' | 'rect' | 'clip' | 'globalAlpha' | 'arc' | 'fill'
>;

/** A rectangle in canvas pixels. */
export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * The font every picture uses (DejaVu Sans ships with most Linux systems; browsers fall back).
 *
 * @example
 * ctx.font = font(14, 'bold');
 */
export const font = (px: number, weight = ''): string => `${weight ? `${weight} ` : ''}${px}px "DejaVu Sans", sans-serif`;

/**
 * Ink colours shared by the pictures.
 *
 * @example
 * ctx.strokeStyle = ink.line;
 */
export const ink = { text: '#222', axis: '#555', grid: '#e4e4e4', line: '#1f5fa8', band: '#9dbbe0', phase: '#c0392b', test: '#e07b00', wrong: '#c0392b', validation: '#e67e22' } as const;
