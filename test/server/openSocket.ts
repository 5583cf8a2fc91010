import { WebSocket } from 'ws';
import type { ServerMessage } from '../../src/protocol/protocol.js';

/**
 * Opens a WebSocket to a served run's `/ws` and collects every message it receives; resolves once
 * the socket is open.
 *
 * @example
 * const { socket, messages } = await openSocket(server.url);
 */
export async function openSocket(serverUrl: string): Promise<{ socket: WebSocket; messages: ServerMessage[] }> {
  const socket = new WebSocket(`${serverUrl.replace('http', 'ws')}ws`);
  const messages: ServerMessage[] = [];
  socket.on('message', (data) => messages.push(JSON.parse(String(data)) as ServerMessage));
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  return { socket, messages };
}
