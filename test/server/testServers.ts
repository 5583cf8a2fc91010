import { serve, type RunServer, type ServeOptions } from '../../src/server/serve.js';

const servers: RunServer[] = [];

/** `serve` with a fast flush and no log, remembered so that {@link closeServers} closes it. */
export async function startServer(run: Parameters<typeof serve>[0], options: ServeOptions = {}): Promise<RunServer> {
  const server = await serve(run, { flushMs: 10, log: () => {}, ...options });
  servers.push(server);
  return server;
}

/** Closes every server {@link startServer} started (for `afterEach`). */
export async function closeServers(): Promise<void> {
  await Promise.all(servers.splice(0).map((s) => s.close()));
}
