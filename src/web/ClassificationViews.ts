import type { RunConnection } from '../client/createRunConnection.js';
import { decodePixels, type EvaluationData } from '../protocol/protocol.js';
import { drawAccuracyChart, type AccuracyPoint } from '../sinks/drawAccuracyChart.js';
import { drawConfusionMatrix } from '../sinks/drawConfusionMatrix.js';
import { drawMisclassified, misclassifiedLayout } from '../sinks/drawMisclassified.js';

/** Most accuracy points kept: every other one is dropped when full, so the whole run stays in view. */
const maxPoints = 2000;
const columns = 8;

/**
 * The dashboard's classifier views, with the drawing code of accuracy.png, confusion.png and
 * misclassified.png: the validation accuracy against the step, the confusion matrix of the latest
 * evaluation, and its misclassified examples with their true and predicted classes (for image
 * inputs). The section stays hidden until the run validates a classifier; it is redrawn once an
 * evaluation, at most once per animation frame.
 *
 * @example
 * classificationViews(createRunConnection(base, { WebSocketCtor: WebSocket }), document.getElementById('classification')!);
 */
export function classificationViews(run: Pick<RunConnection, 'validation$' | 'evaluations$'>, section: HTMLElement): void {
  const canvas = (id: string): HTMLCanvasElement => section.querySelector<HTMLCanvasElement>(`#${id}`)!;
  const [accuracy, confusion, misclassified] = [canvas('accuracy'), canvas('confusion'), canvas('misclassified')];
  let points: AccuracyPoint[] = [];
  let evaluation: EvaluationData | undefined;
  let frame = 0;
  const render = (): void => {
    frame ||= requestAnimationFrame(() => {
      frame = 0;
      section.hidden = false;
      if (points.length > 0) drawAccuracy(accuracy, points);
      if (evaluation) drawEvaluation(confusion, misclassified, evaluation);
    });
  };
  run.validation$.subscribe((v) => {
    if (v.accuracy === undefined) return;
    if (points.length >= maxPoints) points = points.filter((_, k) => k % 2 === 0);
    points.push({ step: v.step, accuracy: v.accuracy });
    render();
  });
  run.evaluations$.subscribe((e) => {
    evaluation = e;
    render();
  });
}

function drawAccuracy(canvas: HTMLCanvasElement, points: readonly AccuracyPoint[]): void {
  const ctx = blank(canvas, canvas.width, canvas.height);
  // The wire carries no batch accuracies: the held-out line alone.
  drawAccuracyChart(ctx, [], points, { x: 0, y: 0, width: canvas.width, height: canvas.height }, { title: 'Validation accuracy', heldOutName: 'validation', steps: points.at(-1)!.step });
  canvas.dataset['points'] = String(points.length);
}

function drawEvaluation(confusion: HTMLCanvasElement, misclassified: HTMLCanvasElement, e: EvaluationData): void {
  // Cells of 40 px as confusion.png, smaller for many classes, so the matrix stays about 480 px.
  const cell = Math.max(8, Math.min(40, Math.floor(480 / e.classes)));
  const side = cell * e.classes;
  const ctx = blank(confusion, Math.max(480, side + 70), side + 70);
  drawConfusionMatrix(ctx, { classes: e.classes, counts: Int32Array.from(e.confusion), right: e.total - e.wrong, total: e.total }, { x: 0, y: 0, width: confusion.width, height: confusion.height }, `Confusion matrix at step ${e.step}`);
  confusion.dataset['step'] = String(e.step);

  misclassified.hidden = !e.image;
  if (!e.image) return;
  const { width, height } = e.image;
  const examples = e.misclassified.filter((m) => m.pixels !== undefined);
  const images = new Float64Array(examples.length * width * height);
  examples.forEach((m, k) => images.set(decodePixels(m.pixels!), k * width * height));
  const tile = misclassifiedLayout({ x: 0, y: 0, width: 0, height: 0 }, e.image, { columns });
  const rows = Math.max(1, Math.ceil(examples.length / columns));
  const mctx = blank(misclassified, columns * (tile.tileWidth + 10) + 10, 34 + rows * (tile.tileHeight + 10) + 10);
  const counts = { wrong: e.wrong, total: e.total };
  const set = { images, width, height, actual: examples.map((m) => m.actual), predicted: examples.map((m) => m.predicted) };
  const shown = drawMisclassified(mctx, set, { x: 0, y: 0, width: misclassified.width, height: misclassified.height }, { columns, counts });
  misclassified.dataset['shown'] = String(shown.length);
  misclassified.dataset['step'] = String(e.step);
}

/** The canvas at this size, cleared to white, and its context. */
function blank(canvas: HTMLCanvasElement, width: number, height: number): CanvasRenderingContext2D {
  if (canvas.width !== width || canvas.height !== height) [canvas.width, canvas.height] = [width, height];
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  return ctx;
}
