import { readFileSync } from 'node:fs';

/**
 * rxprop's version, from its package.json (two levels up from both src/cli and dist/cli). Read
 * on demand: only `--version` needs it.
 *
 * @example
 * packageVersion(); // '0.1.0'
 */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}
