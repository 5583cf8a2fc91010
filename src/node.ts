/**
 * `rxprop/node`: everything in `rxprop`, plus what needs Node: scenario files on disk, pictures
 * and GIFs as PNG/GIF files (through the optional peer dependency `@napi-rs/canvas`, loaded on the
 * first picture), output writers, the server and the command line.
 *
 * @example
 * import { loadScenario, startScenario, serve } from 'rxprop/node';
 */
export * from './index.js';

// Scenario files (YAML or JSON) and the data files they name.
export { loadScenario } from './scenario/loadScenario.js';

// Pictures and files.
export { costPng } from './sinks/costPng.js';
export { heatmapPng } from './sinks/heatmapPng.js';
export { decisionRegionsPng } from './sinks/decisionRegionsPng.js';
export { accuracyPng } from './sinks/accuracyPng.js';
export { confusionPng } from './sinks/confusionPng.js';
export { misclassifiedPng } from './sinks/misclassifiedPng.js';
export { trainingGif, type TrainingGifOptions } from './sinks/trainingGif.js';
export { OutputWriter } from './sinks/OutputWriter.js';
export { writeFileAtomic } from './sinks/AtomicFile.js';

// Serving a run to other services.
export { serve, type RunServer, type ServeOptions } from './server/serve.js';
export type { ServedRun } from './server/ServedRun.js';

// The command line, for embedding.
export { runCli } from './cli/runCli.js';
