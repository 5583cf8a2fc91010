import './validLocale.js'; // first: uPlot reads navigator.language when it loads
import { createRunConnection, type RunConnection } from '../client/createRunConnection.js';
import type { RunStatus, RunSummary, SnapshotData } from '../protocol/protocol.js';
import { StepRate } from '../operators/StepRate.js';
import { formatNumber } from '../sinks/ticks.js';
import { classificationViews } from './ClassificationViews.js';
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
  // The learning rate comes with the last step of each server message, not with every step.
  let lr: number | undefined;
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
        if (lr !== undefined) $('lr').textContent = formatNumber(lr);
      }
      if (snapshot) {
        drawMaps(ctx, snapshot, summary.target, summary.classes);
        canvas.dataset['step'] = String(snapshot.step);
        snapshot = undefined;
      }
    });
  };

  // The token comes from the page's #token=… (as `rxprop run --serve` prints it) or the field.
  const token = $<HTMLInputElement>('token');
  token.value = new URLSearchParams(location.hash.slice(1)).get('token') ?? '';
  const connection = (): RunConnection => createRunConnection(base, { WebSocketCtor: WebSocket, token: token.value });
  const run = connection();
  if (summary.controls.length > 0) wireControls(summary, connection);
  classificationViews(run, $('classification'));
  run.validation$.subscribe((v) => {
    plot.addValidation(v.step, v.cost);
    $('validation').textContent = `${formatNumber(v.cost)}${v.accuracy === undefined ? '' : ` · ${(100 * v.accuracy).toFixed(1)}%`} @${v.step}`;
  });
  run.control$.subscribe((c) => {
    const pause = $<HTMLButtonElement>('pause');
    pause.textContent = c.paused ? 'Resume' : 'Pause';
    pause.dataset['paused'] = String(c.paused);
    if (c.lr !== null) setSlider(c.lr);
  });
  run.steps$.subscribe({
    next: (s) => {
      plot.add(s.step, s.cost);
      rate.add(s.time, s.step);
      latest = s;
      if (s.lr !== undefined) lr = s.lr;
      render();
    },
    error: (e: unknown) => showStatus({ state: 'failed', error: `connection lost: ${e instanceof Error ? e.message : String(e)}` }, 'disconnected'),
  });
  // Shown with the first snapshot: runs without an input plane (images) send none.
  run.snapshots$.subscribe((s) => {
    $('prediction').hidden = false;
    snapshot = s;
    render();
  });
  run.status$.subscribe((s) => {
    running = s.state === 'running';
    showStatus(s);
    render();
  });
}

/** Pause/resume and stop buttons and the learning-rate slider (log scale), sent with the token to POST /api/control. */
function wireControls(summary: RunSummary, connection: () => RunConnection): void {
  const form = $('controls');
  form.hidden = false;
  const answer = (p: Promise<{ status: number; message: string }>): void => {
    p.then(
      (r) => ($('control-reply').textContent = `${r.status}: ${r.message}`),
      (e: unknown) => ($('control-reply').textContent = `failed: ${e instanceof Error ? e.message : String(e)}`),
    );
  };
  const pause = $<HTMLButtonElement>('pause');
  pause.disabled = !summary.controls.includes('pause');
  $<HTMLButtonElement>('stop').disabled = !summary.controls.includes('stop');
  (summary.controls.includes('lr') ? [] : [$<HTMLInputElement>('lr-slider')]).forEach((e) => (e.disabled = true));
  pause.addEventListener('click', () => answer(pause.dataset['paused'] === 'true' ? connection().resume() : connection().pause()));
  $('stop').addEventListener('click', () => answer(connection().stop()));
  const slider = $<HTMLInputElement>('lr-slider');
  slider.addEventListener('input', () => ($('lr-value').textContent = formatNumber(10 ** Number(slider.value))));
  slider.addEventListener('change', () => answer(connection().setLearningRate(10 ** Number(slider.value))));
  if (summary.control?.lr != null) setSlider(summary.control.lr);
}

function setSlider(lr: number): void {
  $<HTMLInputElement>('lr-slider').value = String(Math.log10(lr));
  $('lr-value').textContent = formatNumber(lr);
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
