/**
 * One emission of the cost stream: plain numbers, cheap to log, plot or send over the network.
 *
 * @example
 * steps$.subscribe(({ step, cost }) => console.log(step, cost));
 */
export interface TrainStep {
  /** Steps completed so far in this run, counting from 1. */
  readonly step: number;
  /** The cost of this step's batch before the update (the seed's Σ(y − t)²/B for mse; the loss's, else). */
  readonly cost: number;
  /** Classification losses only: the fraction of this batch predicted right, before the update. */
  readonly accuracy?: number;
  /** Rows in this step's batch. */
  readonly batchSize: number;
  /** Milliseconds since the run started. */
  readonly time: number;
  /** The learning rate this step used (from `eta`, a schedule, a live control, or the optimizer). */
  readonly lr?: number;
}
