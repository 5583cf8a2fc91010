import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { ClientMessage, ControlAction } from '../protocol/protocol.js';
import type { RunFeed } from './RunFeed.js';

/** An HTTP-like answer to a client request: 2xx done, 4xx refused, with a sentence saying why. */
export interface Reply {
  readonly status: number;
  readonly message: string;
}

const clientMessage = z.object({ type: z.literal('control'), action: z.enum(['stop']), token: z.string() });

/**
 * Reads a WebSocket message from a client: the message, or a 400 reply naming what is wrong.
 *
 * @example
 * parseClientMessage('{"type":"control","action":"stop","token":"s3cret"}');
 */
export function parseClientMessage(data: unknown): ClientMessage | Reply {
  if (typeof data !== 'string') return { status: 400, message: 'messages must be JSON text frames, not binary' };
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return { status: 400, message: 'message is not valid JSON' };
  }
  const parsed = clientMessage.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  return { status: 400, message: `bad message at "${issue.path.join('.') || '(root)'}": ${issue.message}; send {"type":"control","action":"stop","token":"…"}` };
}

/**
 * Runs a control action if `token` matches the server's (compared in constant time); refuses
 * with 403 when the server has no token (control disabled), 401 on a wrong token, 409 when the
 * run cannot do it now.
 *
 * @example
 * runControl(feed, options.token, 'stop', bearerToken); // { status: 202, message: 'stopping the run' }
 */
export function runControl(feed: RunFeed, expected: string | undefined, action: ControlAction, token: string | undefined): Reply {
  if (expected === undefined) return { status: 403, message: 'control actions are disabled: start the server with a token to enable them' };
  if (token === undefined || !sameToken(token, expected)) return { status: 401, message: 'wrong or missing token' };
  switch (action) {
    case 'stop':
      return feed.requestStop() ? { status: 202, message: 'stopping the run' } : { status: 409, message: `the run cannot be stopped now (it is ${feed.status.state}, or offers no stop)` };
  }
}

// Hashing first gives equal lengths, which timingSafeEqual needs, without leaking the length.
const digest = (s: string): Buffer => createHash('sha256').update(s).digest();
const sameToken = (a: string, b: string): boolean => timingSafeEqual(digest(a), digest(b));
