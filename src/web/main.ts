import './validLocale.js'; // first: uPlot reads navigator.language when it loads
import { createRunConnection } from '../client/createRunConnection.js';
import type { RunStatus, RunSummary, SnapshotData } from '../protocol/protocol.js';
import { StepRate } from '../operators/StepRate.js';
import { formatNumber } from '../sinks/ticks.js';
import { CostPlot } from './CostPlot.js';
import { drawMaps } from './drawMaps.js';

// The dashboard: the seed's animation, live. Everything comes from the server that served this
// page: /api/run once (name, target), then one WebSocket for cost points, snapshots and status.

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const base = new URL('.', location.href);

async function main(): Promise<void> {
  const summary = (await (await fetch(new URL('api/run', base))).json()) as RunSummary;
  document.title = `${summary.name} · rxprop`;
  $('name').textContent = summary.name;
  const canvas = $<HTMLCanvasElement>('maps');
  const ctx = canvas.getContext('2d')!;
  const plot = new CostPlot($('curve'));
  const rate = new StepRate();
  let latest: { step: number; cost: number } | undefined;
  let running = false;
  let snapshot: SnapshotData | undefined;
  let frame = 0;
  // Text and the heatmap are redrawn once per animation frame, not once per message.
  const render = (): void => {
    frame ||= requestAnimationFrame(() => {
      frame = 0;
      if (latest) {
        $('step').textContent = String(latest.step);
        $('cost').textContent = formatNumber(latest.cost);
        $('rate').textContent = running ? Math.round(rate.perSecond()).toString() : '0';
      }
      if (snapshot) {
        drawMaps(ctx, snapshot, summary.target);
        canvas.dataset['step'] = String(snapshot.step);
        snapshot = undefined;
      }
    });
  };

  const run = createRunConnection(base, { WebSocketCtor: WebSocket });
  run.steps$.subscribe({
    next: (s) => {
      plot.add(s.step, s.cost);
      rate.add(s.time, s.step);
      latest = s;
      render();
    },
    error: (e: unknown) => showStatus({ state: 'failed', error: `connection lost: ${e instanceof Error ? e.message : String(e)}` }, 'disconnected'),
  });
  run.snapshots$.subscribe((s) => {
    snapshot = s;
    render();
  });
  run.status$.subscribe((s) => {
    running = s.state === 'running';
    showStatus(s);
    render();
  });
}

function showStatus(status: RunStatus, state: string = status.state): void {
  const badge = $('status');
  badge.dataset['state'] = state;
  badge.textContent = state;
  const error = $('error');
  error.hidden = !status.error;
  error.textContent = status.error ?? '';
}

main().catch((e: unknown) => showStatus({ state: 'failed', error: `cannot load the run: ${e instanceof Error ? e.message : String(e)}` }, 'disconnected'));
