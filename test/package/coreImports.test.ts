import { describe, expect, it } from 'vitest';
import { importGraph } from './importGraph.js';

/** Packages the core may load: pure JavaScript that runs in browsers. */
const browserSafe = new Set(['rxjs', 'rxjs/webSocket', 'mathjs', 'zod', 'yaml', 'eventsource-parser', 'onnx-proto']);

describe('the core entry (rxprop)', () => {
  it('has no Node built-in, native or Node-only package in its run-time import graph', () => {
    const { files, external } = importGraph(new URL('../../src/index.ts', import.meta.url));
    const offending = external.filter((i) => !browserSafe.has(i.specifier)).map((i) => `${i.specifier} (imported by ${i.from.replace(/.*\/src\//, 'src/')})`);
    expect(offending).toEqual([]);
    expect(files.length).toBeGreaterThan(40); // the walk follows re-exports into the modules
  });

  it("is what the walk would catch: rxprop/node reaches node: modules and the server's packages", () => {
    const specifiers = new Set(importGraph(new URL('../../src/node.ts', import.meta.url)).external.map((i) => i.specifier));
    expect(specifiers).toContain('node:fs');
    expect(specifiers).toContain('hono');
  });
});
