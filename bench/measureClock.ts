/**
 * A wasm function looping `n` times over 16 dependent `i64.add`s: one cycle each on every current
 * x86 and ARM core, with the loop counter's work running beside the chain, so the loop takes
 * 16·n cycles. Hand-assembled (a dozen bytes of code) so the bench needs no build step for it.
 */
function spinModule(): WebAssembly.Module {
  const chain = Array.from({ length: 16 }, () => [0x20, 0x01, 0x7c]).flat(); // local.get $k; i64.add
  const code = [
    0x01, 0x01, 0x7e, // one local: $acc i64
    0x03, 0x40, // loop
    0x20, 0x02, ...chain, 0x21, 0x02, // $acc = $acc + $k + … + $k
    0x20, 0x00, 0x41, 0x01, 0x6b, 0x22, 0x00, 0x0d, 0x00, // br_if (--$n)
    0x0b, 0x20, 0x02, 0x0b, // end loop; return $acc
  ];
  const section = (id: number, bytes: number[]): number[] => [id, bytes.length, ...bytes];
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [0x01, 0x60, 0x02, 0x7f, 0x7e, 0x01, 0x7e]), // (i32 $n, i64 $k) → i64
    ...section(3, [0x01, 0x00]),
    ...section(7, [0x01, 0x04, 0x73, 0x70, 0x69, 0x6e, 0x00, 0x00]), // export "spin"
    ...section(10, [0x01, code.length, ...code]),
  ];
  return new WebAssembly.Module(new Uint8Array(bytes));
}

/**
 * The core clock in Hz, measured once per bench run: the fastest of many ~1 ms runs of a chain of
 * dependent integer adds (one per cycle). The fastest run is the one no other process interrupted,
 * so the figure holds on a loaded machine too (turbo included: it is the clock the steps run at).
 *
 * @example
 * const hz = measureClock(); // e.g. 2.9e9
 */
export function measureClock(runs = 200): number {
  const spin = new WebAssembly.Instance(spinModule()).exports.spin as (n: number, k: bigint) => bigint;
  const n = 100_000; // 1.6 M cycles, ~0.5 ms at 3 GHz
  for (let k = 0; k < 20; k++) spin(n, 3n); // into optimised code
  let best = Infinity;
  for (let r = 0; r < runs; r++) {
    const t0 = process.hrtime.bigint();
    spin(n, BigInt(r));
    best = Math.min(best, Number(process.hrtime.bigint() - t0));
  }
  return (16 * n) / (best * 1e-9);
}
