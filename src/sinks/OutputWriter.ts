import { join } from 'node:path';
import type { Grid } from '../operators/Snapshot.js';
import type { TrainStep } from '../operators/TrainStep.js';
import { accuracyPng } from './accuracyPng.js';
import type { ValidationStep } from '../operators/validation.js';
import { AtomicFile } from './AtomicFile.js';
import type { ClassMap } from './ClassMap.js';
import { colorScale } from './colorScale.js';
import { confusionMatrix } from './confusionMatrix.js';
import { confusionPng } from './confusionPng.js';
import { costPng } from './costPng.js';
import { createCanvas } from './createCanvas.js';
import { decisionRegionsPng } from './decisionRegionsPng.js';
import type { Regions } from './drawDecisionRegions.js';
import type { AccuracyPoint } from './drawAccuracyChart.js';
import { costRange } from './drawCostChart.js';
import type { Field } from './drawHeatmap.js';
import { heatmapPng } from './heatmapPng.js';
import { misclassifiedPng } from './misclassifiedPng.js';
import { trainingGif } from './trainingGif.js';

/** What to write into the output directory. */
export interface OutputPlan {
  readonly dir: string;
  /** metrics.jsonl every this many steps; undefined: no metrics.jsonl. */
  readonly metricsEvery?: number;
  /** costs.csv. */
  readonly costs: boolean;
  /** cost.png. */
  readonly costPlot?: { readonly logScale: boolean };
  /** The grid of target.png, prediction.png and the animation. */
  readonly grid?: Grid;
  /** target.png: the target on `grid` (row-major, row 0 = lowest y). */
  readonly target?: Float64Array;
  /** prediction.png. */
  readonly prediction: boolean;
  /** training.gif, keeping at most `maxFrames` evenly spaced snapshots. */
  readonly animation?: { readonly maxFrames: number; readonly logScale: boolean };
  /**
   * A classifier's pictures: accuracy.png (batch accuracy, and the validation accuracy of each
   * evaluation), confusion.png and, when its inputs are images of this size, misclassified.png
   * (both from one evaluation's classes, see {@link RunEnd.evaluation}).
   */
  readonly classification?: { readonly image?: { readonly width: number; readonly height: number } };
  /** The run validates every `every` steps: costs.csv gets validation columns, cost.png the validation curve. */
  readonly validation?: { readonly every: number; readonly accuracy: boolean };
  /**
   * A classifier's classes and points: target.png, prediction.png and training.gif show decision
   * regions (the predictions' classes, shaded by confidence) with the training points on top.
   */
  readonly classes?: ClassMap;
}

/** The files an {@link OutputWriter} streams line by line. */
export type StreamedFile = 'metrics.jsonl' | 'costs.csv';

/** A resumed run's earlier lines of each streamed file (costs.csv with its header) and its costs. */
export interface ContinuedFiles {
  readonly 'metrics.jsonl': string;
  readonly 'costs.csv': string;
  readonly costs: ArrayLike<number>;
  /** The earlier validation evaluations (for cost.png's validation curve). */
  readonly validation?: readonly ValidationStep[];
}

/** What the run ended with, for the pictures drawn at the end. */
export interface RunEnd {
  /** The final prediction on the plan's grid. */
  readonly prediction?: Float64Array;
  /** A classifier's confidence in that prediction, on the same grid (the snapshot's `confidence`). */
  readonly confidence?: Float64Array;
  /** Steps at which phases after the first began. */
  readonly phaseStarts: readonly number[];
  /**
   * The evaluation confusion.png and misclassified.png show (it must carry `classes`): the best
   * one when early stopping restored its parameters. Default: the last evaluation recorded.
   */
  readonly evaluation?: ValidationStep;
}

/**
 * Writes a run's files into one existing directory: metrics.jsonl and costs.csv stream into temporary
 * files as steps arrive; cost.png, target.png, prediction.png and training.gif are drawn at the
 * end; every file is renamed into place only by {@link OutputWriter.finish}, so a run that fails
 * half-way leaves the directory as it was ({@link OutputWriter.abort}). Memory: 8 bytes per step
 * for the cost curve plus at most `maxFrames` snapshot grids.
 *
 * @example
 * const writer = new OutputWriter({ dir: 'out/seed-fit', metricsEvery: 1, costs: true, prediction: false });
 * steps$.subscribe({ next: (s) => writer.step(s), complete: () => writer.finish({ phaseStarts: [] }) });
 */
export class OutputWriter {
  readonly #plan: OutputPlan;
  readonly #metrics: AtomicFile | undefined;
  readonly #costsCsv: AtomicFile | undefined;
  #costs = new Float64Array(1024);
  #count = 0;
  readonly #validation: ValidationStep[] = [];
  // costs.csv's row of a step that validates, held until its evaluation (which comes right after it).
  #row: string | undefined;
  // Evenly spaced animation frames: keep every `stride`-th snapshot; halve when full.
  #frames: { step: number; values: Float64Array; confidence: Float64Array | undefined }[] = [];
  #offered = 0;
  #stride = 1;
  readonly #heldOut: AccuracyPoint[] = [];
  // The latest evaluation with classes: one at a time, however many evaluations.
  #classified: ValidationStep | undefined;
  // Classifiers' batch accuracy per step (8 bytes a step, as the costs).
  #accuracies = new Float64Array(0);

  readonly #tee: ((name: StreamedFile, text: string) => void) | undefined;

  /**
   * `continued` starts the streamed files with a resumed run's earlier lines (and its costs, for
   * cost.png); `tee` sees every text appended to them (checkpoints keep their history).
   */
  constructor(plan: OutputPlan, options: { readonly continued?: ContinuedFiles; readonly tee?: (name: StreamedFile, text: string) => void } = {}) {
    this.#plan = plan;
    this.#tee = options.tee;
    // Pictures need the optional @napi-rs/canvas: say so now, not after the whole run.
    if (plan.costPlot || plan.prediction || plan.target || plan.animation || plan.classification) createCanvas(1, 1);
    this.#metrics = plan.metricsEvery === undefined ? undefined : AtomicFile.open(join(plan.dir, 'metrics.jsonl'));
    this.#costsCsv = plan.costs ? AtomicFile.open(join(plan.dir, 'costs.csv')) : undefined;
    const continued = options.continued;
    if (continued) {
      this.#metrics?.append(continued['metrics.jsonl']);
      this.#costsCsv?.append(continued['costs.csv']);
      for (let k = 0; k < continued.costs.length; k++) this.#record(continued.costs[k]!);
      this.#validation.push(...(continued.validation ?? []));
    } else {
      const validation = plan.validation ? (plan.validation.accuracy ? ',validation_cost,validation_accuracy' : ',validation_cost') : '';
      this.#append(this.#costsCsv, 'costs.csv', `step,cost${validation}\n`);
    }
  }

  /** Costs recorded so far (a view, valid until the next step). */
  get costs(): Float64Array {
    return this.#costs.subarray(0, this.#count);
  }

  /**
   * Records one step.
   *
   * @example
   * writer.step({ step: 1, cost: 0.03, batchSize: 100, time: 1500 });
   */
  step(s: TrainStep): void {
    if (this.#plan.classification && s.accuracy !== undefined) this.#recordAccuracy(s.accuracy);
    this.#record(s.cost);
    this.#flushRow();
    const validates = this.#plan.validation !== undefined && s.step % this.#plan.validation.every === 0;
    if (validates && this.#costsCsv) this.#row = `${s.step},${s.cost}`;
    else this.#append(this.#costsCsv, 'costs.csv', `${s.step},${s.cost}${this.#emptyColumns()}\n`);
    if (this.#metrics && s.step % this.#plan.metricsEvery! === 0) this.#append(this.#metrics, 'metrics.jsonl', `${metricsLine(s)}\n`);
  }

  /**
   * Records one validation evaluation (right after its step): a metrics.jsonl line, the step's
   * costs.csv columns, a point of cost.png's validation curve and, for a classifier, of
   * accuracy.png's held-out line; its classes are kept for confusion.png until the next one.
   *
   * @example
   * writer.validation({ step: 500, cost: 0.12, accuracy: 0.95 });
   */
  validation(v: ValidationStep): void {
    this.#validation.push({ step: v.step, cost: v.cost });
    if (this.#plan.classification && v.accuracy !== undefined) this.#heldOut.push({ step: v.step, accuracy: v.accuracy });
    if (v.classes) this.#classified = v;
    this.#append(this.#metrics, 'metrics.jsonl', `${validationLine(v)}\n`);
    if (this.#row !== undefined && this.#row.startsWith(`${v.step},`)) {
      this.#append(this.#costsCsv, 'costs.csv', `${this.#row}${this.#plan.validation?.accuracy ? `,${v.cost},${v.accuracy ?? ''}` : `,${v.cost}`}\n`);
      this.#row = undefined;
    }
  }

  /** Ends a held costs.csv row whose evaluation never came (a run stopped right then). */
  #flushRow(): void {
    if (this.#row === undefined) return;
    this.#append(this.#costsCsv, 'costs.csv', `${this.#row}${this.#emptyColumns()}\n`);
    this.#row = undefined;
  }

  #emptyColumns(): string {
    return this.#plan.validation ? (this.#plan.validation.accuracy ? ',,' : ',') : '';
  }

  #record(cost: number): void {
    if (this.#count === this.#costs.length) {
      const grown = new Float64Array(this.#costs.length * 2);
      grown.set(this.#costs);
      this.#costs = grown;
    }
    this.#costs[this.#count++] = cost;
  }

  /** The batch accuracy of the step about to be recorded (NaN for steps without one). */
  #recordAccuracy(accuracy: number): void {
    if (this.#accuracies.length <= this.#count) {
      const grown = new Float64Array(Math.max(1024, 2 * this.#accuracies.length, this.#count + 1)).fill(Number.NaN);
      grown.set(this.#accuracies);
      this.#accuracies = grown;
    }
    this.#accuracies[this.#count] = accuracy;
  }

  #append(file: AtomicFile | undefined, name: StreamedFile, text: string): void {
    if (!file) return;
    file.append(text);
    this.#tee?.(name, text);
  }

  /** The held-out accuracies recorded so far (a classifier's validation accuracies). */
  get heldOutAccuracies(): readonly AccuracyPoint[] {
    return this.#heldOut;
  }

  /**
   * Offers a snapshot's prediction (row-major on the plan's grid) as an animation frame, with a
   * classifier's confidence in it.
   *
   * @example
   * snapshots$.subscribe((s) => writer.frame(s.step, Float64Array.from(s.prediction.toArray().flat())));
   */
  frame(step: number, values: Float64Array, confidence?: Float64Array): void {
    if (!this.#plan.animation) return;
    if (this.#offered++ % this.#stride !== 0) return;
    this.#frames.push({ step, values, confidence });
    if (this.#frames.length > this.#plan.animation.maxFrames) {
      this.#frames = this.#frames.filter((_, i) => i % 2 === 0);
      this.#stride *= 2;
    }
  }

  /**
   * Draws the pictures, then renames every file into place. Returns the paths written.
   *
   * @example
   * const files = writer.finish({ prediction, phaseStarts: [501] });
   */
  finish(end: RunEnd): string[] {
    const plan = this.#plan;
    const written: string[] = [];
    try {
      const pictures: [string, Uint8Array][] = [];
      const costs = this.costs;
      this.#flushRow();
      const validation = this.#validation.map((v) => [v.step, v.cost] as const);
      if (plan.costPlot) pictures.push(['cost.png', costPng(costs, { logScale: plan.costPlot.logScale, phaseStarts: end.phaseStarts, ...(plan.validation ? { validation } : {}) })]);
      if (plan.grid) {
        const field = (values: Float64Array): Field => ({ values, nx: plan.grid!.nx, ny: plan.grid!.ny, x: plan.grid!.x, y: plan.grid!.y });
        // One colour scale for target and prediction, so equal colours mean equal values.
        const scale = colorScale([plan.target, end.prediction].filter((v) => v !== undefined));
        // A classifier's pictures are decision regions; the target's are its true classes, without points.
        const classes = plan.classes;
        const regions = (confidence: Float64Array | undefined, points: boolean): Regions | undefined => classes && { map: classes, points, ...(confidence ? { confidence } : {}) };
        const picture = (values: Float64Array, confidence: Float64Array | undefined, points: boolean, title: string): Buffer => {
          const drawn = regions(confidence, points);
          return drawn ? decisionRegionsPng(field(values), drawn, title) : heatmapPng(field(values), scale, title);
        };
        if (plan.target) pictures.push(['target.png', picture(plan.target, undefined, false, 'Target')]);
        if (plan.prediction && end.prediction) pictures.push(['prediction.png', picture(end.prediction, end.confidence, true, `Prediction after ${this.#count} steps`)]);
        if (plan.animation && (this.#frames.length > 0 || end.prediction)) {
          const frames = [...this.#frames];
          if (end.prediction && frames.at(-1)?.step !== this.#count) frames.push({ step: this.#count, values: end.prediction, confidence: end.confidence });
          const logScale = plan.animation.logScale;
          const chart = { steps: this.#count, yRange: costRange(costs, logScale), logScale, phaseStarts: end.phaseStarts };
          const gifFrames = frames.map((f) => {
            const drawn = regions(f.confidence, true);
            return { step: f.step, costs: costs.subarray(0, f.step), prediction: field(f.values), ...(drawn ? { regions: drawn } : {}) };
          });
          pictures.push(['training.gif', trainingGif(gifFrames, { scale, chart })]);
        }
      }
      if (plan.classification) pictures.push(...this.#classificationPictures(plan.classification, end));
      // Every byte is written before the first rename: a full disk fails here, with nothing renamed.
      for (const [name, data] of pictures) {
        const file = AtomicFile.open(join(plan.dir, name));
        this.#pictures.push(file);
        file.write(data);
      }
      for (const file of [this.#metrics, this.#costsCsv, ...this.#pictures]) {
        if (!file) continue;
        file.commit();
        written.push(file.path);
      }
      return written;
    } catch (e) {
      this.abort();
      throw e;
    }
  }

  #classificationPictures(wanted: NonNullable<OutputPlan['classification']>, end: RunEnd): [string, Uint8Array][] {
    const pictures: [string, Uint8Array][] = [];
    const heldOut = this.#heldOut;
    const training = this.#accuracies.subarray(0, Math.min(this.#count, this.#accuracies.length));
    if (heldOut.length > 0 || training.length > 0) pictures.push(['accuracy.png', accuracyPng(training, heldOut, { steps: Math.max(this.#count, 1), phaseStarts: end.phaseStarts })]);
    const classes = (end.evaluation ?? this.#classified)?.classes;
    if (!classes) return pictures;
    pictures.push(['confusion.png', confusionPng(confusionMatrix(classes.actual, classes.predicted, classes.count))]);
    if (wanted.image) pictures.push(['misclassified.png', misclassifiedPng({ images: classes.inputs, ...wanted.image, actual: classes.actual, predicted: classes.predicted })]);
    return pictures;
  }

  #pictures: AtomicFile[] = [];

  /**
   * Discards everything not yet renamed into place.
   *
   * @example
   * writer.abort();
   */
  abort(): void {
    for (const file of [this.#metrics, this.#costsCsv, ...this.#pictures]) file?.abort();
  }
}

/**
 * A step as one line of metrics.jsonl (and of the CLI's piped output). Its `time` is in seconds
 * (to the millisecond), as the README documents; `TrainStep.time` counts milliseconds.
 *
 * @example
 * metricsLine({ step: 1, cost: 0.031, batchSize: 100, time: 410 }); // '{"step":1,"cost":0.031,"batchSize":100,"time":0.41}'
 */
export function metricsLine(s: TrainStep): string {
  const time = Math.round(s.time) / 1000;
  // Classifiers' steps also carry the batch accuracy; trained steps the learning rate they used.
  return JSON.stringify({
    step: s.step,
    cost: s.cost,
    ...(s.accuracy === undefined ? {} : { accuracy: s.accuracy }),
    ...(s.lr === undefined ? {} : { lr: s.lr }),
    batchSize: s.batchSize,
    time,
  });
}

/**
 * A validation evaluation as one line of metrics.jsonl: its own keys, so that a reader of the
 * step lines' `cost` never mistakes it for a training cost.
 *
 * @example
 * validationLine({ step: 500, cost: 0.12, accuracy: 0.95 }); // '{"step":500,"validationCost":0.12,"validationAccuracy":0.95}'
 */
export function validationLine(v: ValidationStep): string {
  return JSON.stringify(v.accuracy === undefined ? { step: v.step, validationCost: v.cost } : { step: v.step, validationCost: v.cost, validationAccuracy: v.accuracy });
}
