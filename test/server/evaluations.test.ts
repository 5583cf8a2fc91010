import { firstValueFrom, Subject, take, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { connect } from '../../src/client/connect.js';
import type { ValidationStep } from '../../src/operators/validation.js';
import { decodePixels, type EvaluationData, type ServerMessage } from '../../src/protocol/protocol.js';
import { until as untilWithin } from '../helpers/until.js';
import { parsePrometheus } from './parsePrometheus.js';
import { syntheticRun } from './syntheticRun.js';
import { closeServers, startServer } from './testServers.js';

afterEach(closeServers);

// 2,000 held-out 28×28 "images" of 10 classes; `wrongEvery` of them predicted one class too high.
const rows = 2000;
const inputs = Float64Array.from({ length: rows * 784 }, (_, k) => ((k * 7919) % 1000) / 999);
const actual = Int32Array.from({ length: rows }, (_, i) => Math.floor((10 * i) / rows));
function evaluation(step: number, wrongEvery: number): ValidationStep {
  const predicted = actual.map((c, i) => (i % wrongEvery === 0 ? (c + 1) % 10 : c));
  const right = predicted.filter((p, i) => p === actual[i]).length;
  return { step, cost: 1 / step, accuracy: right / rows, classes: { count: 10, actual, predicted, inputs } };
}

async function classifierServer(options: { misclassified?: number } = {}) {
  const run = syntheticRun();
  const validation$ = new Subject<ValidationStep>();
  const server = await startServer({ ...run, validation$, image: { width: 28, height: 28 } }, options);
  return { run, validation$, server };
}

/** Opens a WebSocket and collects its messages (with their sizes). */
async function socket(url: string): Promise<{ messages: ServerMessage[]; sizes: Map<string, number>; close(): void }> {
  const ws = new WebSocket(`${url.replace('http', 'ws')}ws`);
  const messages: ServerMessage[] = [];
  const sizes = new Map<string, number>();
  ws.on('message', (data) => {
    const text = String(data);
    const m = JSON.parse(text) as ServerMessage;
    messages.push(m);
    sizes.set(m.type, Math.max(sizes.get(m.type) ?? 0, text.length));
  });
  await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
  return { messages, sizes, close: () => ws.close() };
}

const until = (check: () => boolean, what: string): Promise<void> => untilWithin(check, 5000, what);

describe('evaluations over the protocol', () => {
  it('gives a client that connects mid-run the latest evaluation: its confusion matrix and a bounded, evenly spread set of misclassified images', async () => {
    const { run, validation$, server } = await classifierServer();
    run.push(100);
    validation$.next(evaluation(50, 7));
    validation$.next(evaluation(100, 3)); // 667 of 2000 wrong
    const late = await socket(server.url);
    await until(() => late.messages.length > 0, 'the history');
    const history = late.messages[0]!;
    if (history.type !== 'history') throw new Error('history first');
    const e = history.evaluation!;
    expect(e).toMatchObject({ step: 100, cost: 0.01, classes: 10, total: 2000, wrong: 667, image: { width: 28, height: 28 } });
    expect(e.accuracy).toBeCloseTo(1333 / 2000, 5);
    // Confusion: row c has 200 rows, those at i % 3 === 0 predicted c + 1.
    for (let c = 0; c < 10; c++) {
      const wrongInRow = Array.from({ length: 200 }, (_, j) => c * 200 + j).filter((i) => i % 3 === 0).length;
      expect(e.confusion[c * 10 + c]).toBe(200 - wrongInRow);
      expect(e.confusion[c * 10 + ((c + 1) % 10)]).toBe(wrongInRow);
    }
    expect(e.misclassified).toHaveLength(40);
    // Evenly spread over the wrong rows (every class shows up), each labelled and with its own pixels.
    expect(new Set(e.misclassified.map((m) => m.actual)).size).toBe(10);
    for (const m of e.misclassified) {
      expect(m.index % 3).toBe(0);
      expect([m.actual, m.predicted]).toEqual([actual[m.index], (actual[m.index]! + 1) % 10]);
      const pixels = decodePixels(m.pixels!);
      expect(pixels).toHaveLength(784);
      for (const k of [0, 100, 783]) expect(pixels[k]).toBeCloseTo(inputs[m.index * 784 + k]!, 2);
    }
    // Bounded: 40 digits of 1,048 base64 characters and the 100 counts, whatever the rows.
    expect(late.sizes.get('history')!).toBeLessThan(50_000);
    late.close();
  });

  it('sends live evaluation messages, each bounded by the misclassified limit, and /metrics has the validation accuracy and cost', async () => {
    const { run, validation$, server } = await classifierServer({ misclassified: 12 });
    const live = await socket(server.url);
    await until(() => live.messages.length > 0, 'the history');
    expect(live.messages[0]).not.toHaveProperty('evaluation');
    for (let k = 1; k <= 3; k++) {
      run.push(10);
      validation$.next(evaluation(10 * k, 2)); // 1,000 wrong each time
    }
    await until(() => live.messages.filter((m) => m.type === 'evaluation').length === 3, 'three evaluations');
    const evaluations = live.messages.flatMap((m) => (m.type === 'evaluation' ? [m.evaluation] : []));
    expect(evaluations.map((e) => [e.step, e.wrong, e.misclassified.length])).toEqual([[10, 1000, 12], [20, 1000, 12], [30, 1000, 12]]);
    // The validation point comes first, then the evaluation of the same step.
    const order = live.messages.filter((m) => m.type === 'validation' || m.type === 'evaluation').map((m) => m.type);
    expect(order).toEqual(['validation', 'evaluation', 'validation', 'evaluation', 'validation', 'evaluation']);
    expect(live.sizes.get('evaluation')!).toBeLessThan(12 * 1100 + 2000);
    const metrics = parsePrometheus(await (await fetch(`${server.url}metrics`)).text());
    expect(metrics.get('rxprop_validation_accuracy{scenario="synthetic"}')).toBe(0.5);
    expect(metrics.get('rxprop_validation_cost{scenario="synthetic"}')).toBeCloseTo(1 / 30, 6);
    live.close();
  });

  it('gives connect(url) the latest evaluation first, then live ones, and a reconnecting client the one it missed', async () => {
    const { run, validation$, server } = await classifierServer();
    run.push(10);
    validation$.next(evaluation(10, 5));
    const client = connect(server.url, { WebSocketCtor: WebSocket as never });
    const seen = firstValueFrom(client.evaluations$.pipe(take(2), toArray()));
    const first = await firstValueFrom(client.evaluations$);
    expect(first.step).toBe(10);
    validation$.next(evaluation(20, 5));
    expect((await seen).map((e: EvaluationData) => e.step)).toEqual([10, 20]);

    // A reconnect after id k gets what came after k, the latest evaluation among it.
    const events = await fetch(`${server.url}events?lastEventId=1`, { headers: { accept: 'text/event-stream' } });
    const reader = events.body!.getReader();
    let text = '';
    while (!text.includes('event: evaluation')) text += new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    expect(text).toMatch(/"type":"evaluation","id":\d+,"evaluation":\{"step":20,/);
  });
});
