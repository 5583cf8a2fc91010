/**
 * A run's identity for its checkpoints: a 64-bit hash (hex) of the scenario as run (after its
 * overrides), the engine's name and the data files it read. Two runs with the same hash train
 * the same steps bit for bit; a checkpoint of another hash is refused on resume. Not a secure
 * hash: it guards against mistakes, not forgery.
 *
 * @example
 * scenarioHash({ scenario, engine: 'wasm', data: [] }); // '5f3a…'
 */
export function scenarioHash(identity: { readonly scenario: unknown; readonly engine: string; readonly data: readonly unknown[] }): string {
  const text = JSON.stringify([identity.scenario, identity.engine, identity.data]);
  // Two independent 32-bit FNV-1a-style lanes with murmur finalizers: 64 bits, no dependency.
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  const mix = (h: number): number => {
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    return (h ^ (h >>> 16)) >>> 0;
  };
  return mix(h1).toString(16).padStart(8, '0') + mix(h2 ^ h1).toString(16).padStart(8, '0');
}
