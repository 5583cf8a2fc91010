/** One decoded GIF frame: RGB triples, row-major. */
export interface GifFrame {
  readonly width: number;
  readonly height: number;
  pixel(x: number, y: number): [number, number, number];
}

/**
 * Decodes the frames of a GIF as gifenc writes them (full-size frames, a global or first-frame
 * palette, no interlacing, no transparency): enough to read back the pixels of training.gif.
 *
 * @example
 * const frames = readGif(readFileSync('training.gif'));
 * frames.at(-1)!.pixel(10, 20); // [r, g, b]
 */
export function readGif(bytes: Uint8Array): GifFrame[] {
  const data = Buffer.from(bytes);
  if (data.subarray(0, 6).toString('latin1') !== 'GIF89a') throw new Error('not a GIF89a');
  const width = data.readUInt16LE(6);
  const height = data.readUInt16LE(8);
  let at = 13;
  let palette: Uint8Array | undefined;
  const flags = data[10]!;
  if (flags & 0x80) {
    const size = 3 * 2 ** ((flags & 7) + 1);
    palette = data.subarray(at, at + size);
    at += size;
  }
  const frames: GifFrame[] = [];
  while (at < data.length) {
    const block = data[at++]!;
    if (block === 0x3b) break; // trailer
    if (block === 0x21) {
      at++; // label
      while (data[at]! !== 0) at += data[at]! + 1;
      at++;
      continue;
    }
    if (block !== 0x2c) throw new Error(`unexpected GIF block 0x${block.toString(16)}`);
    const [fw, fh, local] = [data.readUInt16LE(at + 4), data.readUInt16LE(at + 6), data[at + 8]!];
    at += 9;
    if (fw !== width || fh !== height || local & 0x40) throw new Error('only full-size, non-interlaced frames are read');
    if (local & 0x80) {
      const size = 3 * 2 ** ((local & 7) + 1);
      palette = data.subarray(at, at + size);
      at += size;
    }
    const minCodeSize = data[at++]!;
    const chunks: Uint8Array[] = [];
    while (data[at]! !== 0) {
      chunks.push(data.subarray(at + 1, at + 1 + data[at]!));
      at += data[at]! + 1;
    }
    at++;
    const indices = lzwDecode(Buffer.concat(chunks), minCodeSize, width * height);
    const colors = palette!;
    frames.push({
      width,
      height,
      pixel: (x, y) => {
        const k = 3 * indices[Math.round(y) * width + Math.round(x)]!;
        return [colors[k]!, colors[k + 1]!, colors[k + 2]!];
      },
    });
  }
  return frames;
}

/** GIF's variable-width LZW, least significant bit first. */
function lzwDecode(bytes: Uint8Array, minCodeSize: number, count: number): Uint8Array {
  const out = new Uint8Array(count);
  const clear = 1 << minCodeSize;
  const end = clear + 1;
  let size = minCodeSize + 1;
  let dict: number[][] = [];
  const reset = (): void => {
    dict = Array.from({ length: clear + 2 }, (_, i) => [i]);
    size = minCodeSize + 1;
  };
  reset();
  let n = 0;
  let previous: number[] | undefined;
  let bit = 0;
  while (n < count && bit + size <= bytes.length * 8) {
    let code = 0;
    for (let b = 0; b < size; b++, bit++) code |= ((bytes[bit >> 3]! >> (bit & 7)) & 1) << b;
    if (code === clear) {
      reset();
      previous = undefined;
      continue;
    }
    if (code === end) break;
    let entry = dict[code];
    if (!entry) {
      if (!previous || code !== dict.length) throw new Error('corrupt LZW data');
      entry = [...previous, previous[0]!];
    }
    for (const v of entry) if (n < count) out[n++] = v;
    if (previous && dict.length < 4096) {
      dict.push([...previous, entry[0]!]);
      if (dict.length === 1 << size && size < 12) size++;
    }
    previous = entry;
  }
  if (n < count) throw new Error(`GIF frame ends after ${n} of ${count} pixels`);
  return out;
}
