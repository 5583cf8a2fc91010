// asciichart ships no types; this declares the part rxprop uses.
declare module 'asciichart' {
  const asciichart: {
    plot(series: number[] | number[][], config?: { height?: number; offset?: number; padding?: string; format?: (x: number, i: number) => string; min?: number; max?: number }): string;
  };
  export default asciichart;
}
