/**
 * Node's flags for a child process that runs rxprop's TypeScript sources as the tests themselves
 * do: through tsx, with mathjs loaded as the built package loads it while its bundle is fresh
 * (scripts/shippedMathjs.ts). A child that loaded mathjs's entry would spend about 2.5 s more CPU
 * starting, and the suite starts dozens of them.
 *
 * @example
 * spawn(process.execPath, [...fromSources, 'src/cli/main.ts', 'run', 'scenarios/seed-fit']);
 */
export const fromSources: readonly string[] = ['--import', 'tsx', '--import', new URL('../../scripts/shippedMathjs.ts', import.meta.url).href];
