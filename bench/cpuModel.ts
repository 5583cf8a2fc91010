import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

/**
 * The CPU as the report names it: Node's model string, and on Linux the family and model numbers
 * and the widest vector extension from /proc/cpuinfo. Cloud guests often report a bare
 * "AMD EPYC" for parts generations apart (Zen 3 and Zen 5 here), whose per-cycle speed differs
 * by up to 2× on these kernels; the numbers tell runs from different hosts apart.
 *
 * @example
 * cpuModel(); // 'AMD EPYC (family 25 model 1, avx2)'
 */
export function cpuModel(cpuinfo: string | null = readCpuinfo()): string {
  const name = cpus()[0]?.model.trim() || 'unknown';
  if (cpuinfo === null) return name;
  const field = (key: string): string | undefined => new RegExp(`^${key}\\s*:\\s*(.*)$`, 'm').exec(cpuinfo)?.[1]?.trim();
  const family = field('cpu family');
  const model = field('model');
  const flags = new Set((field('flags') ?? '').split(/\s+/));
  const vector = flags.has('avx512f') ? 'avx512' : flags.has('avx2') ? 'avx2' : flags.has('avx') ? 'avx' : undefined;
  const parts = [family !== undefined && model !== undefined ? `family ${family} model ${model}` : undefined, vector].filter((p) => p !== undefined);
  return parts.length > 0 ? `${name} (${parts.join(', ')})` : name;
}

/** /proc/cpuinfo's text, or null where there is none (not Linux). */
function readCpuinfo(): string | null {
  try {
    return readFileSync('/proc/cpuinfo', 'utf8');
  } catch {
    return null;
  }
}
