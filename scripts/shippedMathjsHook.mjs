// The module-resolution hook of scripts/shippedMathjs.ts (it runs on Node's loader thread):
// resolves the source module of rxprop's mathjs factories to the package's bundle of them.
let from;
let to;

export function initialize(data) {
  ({ from, to } = data);
}

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  return resolved.url === from ? { url: to, format: 'module', shortCircuit: true } : resolved;
}
