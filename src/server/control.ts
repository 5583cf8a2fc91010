import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { controlActions, type ClientMessage, type ControlAction } from '../protocol/protocol.js';
import type { RunFeed } from './RunFeed.js';

/** An HTTP-like answer to a client request: 2xx done, 4xx refused, with a sentence saying why. */
export interface Reply {
  readonly status: number;
  readonly message: string;
}

const clientMessage = z.object({
  type: z.literal('control'),
  action: z.enum(controlActions as [ControlAction, ...ControlAction[]]),
  token: z.string(),
  lr: z.number().optional(),
});

const controlBody = z.object({ action: z.enum(controlActions as [ControlAction, ...ControlAction[]]), lr: z.number().optional() });

/**
 * Reads the JSON body of `POST /api/control`: `{ "action": "pause" }`, or `{ "action": "lr", "lr": 0.001 }`.
 *
 * @example
 * parseControlBody('{"action":"lr","lr":0.001}'); // { action: 'lr', lr: 0.001 }
 */
export function parseControlBody(text: string): { action: ControlAction; lr?: number } | Reply {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { status: 400, message: 'the body is not valid JSON; send {"action":"pause"} (or resume, stop, or {"action":"lr","lr":0.001})' };
  }
  const parsed = controlBody.safeParse(json);
  if (parsed.success) return parsed.data as { action: ControlAction; lr?: number };
  const issue = parsed.error.issues[0]!;
  return { status: 400, message: `bad control request at "${issue.path.join('.') || '(root)'}": ${issue.message}; actions: ${controlActions.join(', ')}` };
}

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
export function runControl(feed: RunFeed, expected: string | undefined, action: ControlAction, token: string | undefined, lr?: number): Reply {
  if (expected === undefined) return { status: 403, message: 'control actions are disabled: start the server with a token to enable them' };
  if (token === undefined || !sameToken(token, expected)) return { status: 401, message: 'wrong or missing token' };
  switch (action) {
    case 'stop':
      return feed.requestStop() ? { status: 202, message: 'stopping the run' } : { status: 409, message: `the run cannot be stopped now (it is ${feed.status.state}, or offers no stop)` };
    case 'pause':
    case 'resume':
    case 'lr':
      return liveControl(feed, action, lr);
  }
}

/** Pause, resume or a new learning rate, on a run that has live controls and is not over. */
function liveControl(feed: RunFeed, action: 'pause' | 'resume' | 'lr', lr: number | undefined): Reply {
  const control = feed.liveControl();
  if (!control) return { status: 409, message: `the run cannot ${action === 'lr' ? 'change its learning rate' : action} now (it is ${feed.status.state}, or offers no live controls)` };
  if (action === 'pause') {
    control.pause();
    return { status: 202, message: 'pausing after the step in progress' };
  }
  if (action === 'resume') {
    control.resume();
    return { status: 202, message: 'resuming' };
  }
  if (typeof lr !== 'number' || !Number.isFinite(lr) || lr <= 0) return { status: 400, message: `lr must be a finite number > 0, got ${JSON.stringify(lr)}; send {"action":"lr","lr":0.001}` };
  control.setLearningRate(lr);
  return { status: 202, message: `learning rate ${lr} from the next step` };
}

// Hashing first gives equal lengths, which timingSafeEqual needs, without leaking the length.
const digest = (s: string): Buffer => createHash('sha256').update(s).digest();
const sameToken = (a: string, b: string): boolean => timingSafeEqual(digest(a), digest(b));
