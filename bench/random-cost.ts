// CPU time (process.cpuUsage) per draw of seededRandom's fill at lengths from 8 to a [784,256,10]
// batch's 200,704: below 32 draws the JavaScript loop, from 32 on the WebAssembly generator
// (src/random/wasmXoroshiro.ts). `--js` forces the JavaScript loop everywhere (WebAssembly
// stubbed out), to compare the two in one window. Usage: npx tsx bench/random-cost.ts [--js]
if (process.argv.includes('--js')) (globalThis as { WebAssembly?: unknown }).WebAssembly = undefined;
const { seededRandom } = await import('../src/random/Random.js');

const random = seededRandom(1);
for (const n of [8, 16, 32, 64, 200, 4096, 200_704]) {
  const out = new Float64Array(n);
  const reps = Math.max(20, Math.round(4e6 / n));
  for (let i = 0; i < reps; i++) random.fill(out, 0, n);
  const rounds: number[] = [];
  for (let round = 0; round < 5; round++) {
    const start = process.cpuUsage();
    for (let i = 0; i < reps; i++) random.fill(out, 0, n);
    const used = process.cpuUsage(start);
    rounds.push(((used.user + used.system) * 1000) / reps / n);
  }
  rounds.sort((a, b) => a - b);
  console.log(`${String(n).padStart(7)} draws: ${rounds[0]!.toFixed(2)} ns a draw (min), ${rounds[2]!.toFixed(2)} (median of 5)`);
}
