import onnxProto from 'onnx-proto';
import type { ActivationName } from '../engine/activations.js';
import { InputError } from '../errors/InputError.js';
import type { NetworkJSON } from '../network/Network.js';
import { exportedNetwork } from './exportedNetwork.js';

const { onnx } = onnxProto;

/**
 * Each activation as an ONNX operator (opset 13); `linear` adds no node. Keyed by the activation
 * registry's names, so a new activation without its operator here fails to compile.
 *
 * @example
 * onnxActivations.relu; // 'Relu'
 */
export const onnxActivations: Readonly<Record<ActivationName, string | undefined>> = {
  linear: undefined,
  sigmoid: 'Sigmoid',
  relu: 'Relu',
  tanh: 'Tanh',
};

/**
 * Options of {@link toOnnx}.
 *
 * @example
 * const options: ToOnnxOptions = { precision: 'float64' };
 */
export interface ToOnnxOptions {
  /** Tensor element type: `float32` (ONNX's usual, every runtime; the default) or `float64` (rxprop's own precision). */
  readonly precision?: 'float32' | 'float64';
}

/**
 * A network as an ONNX model (IR 7, opset 13), serialized: input `input` of shape
 * [batch, layers[0]], output `output` of shape [batch, layers[L]], and per layer
 * MatMul → Add → the activation's operator, with weights ([n_in, n_out], rxprop's orientation)
 * and biases as initializers. In `float64` the model computes what `predict` computes; in
 * `float32` parameters and arithmetic are rounded to single precision. Takes a `Network` or its
 * `toJSON()` form.
 *
 * @example
 * writeFileSync('model.onnx', toOnnx(net));
 * const session = await ort.InferenceSession.create(toOnnx(net));
 */
export function toOnnx(network: NetworkJSON | { toJSON(): NetworkJSON }, options: ToOnnxOptions = {}): Uint8Array {
  const { layers, activations, weights, biases } = exportedNetwork(network);
  const { precision = 'float32' } = options;
  if (precision !== 'float32' && precision !== 'float64') throw new InputError('precision', `must be float32 or float64, got ${String(precision)}`);
  const L = layers.length - 1;
  const elemType = precision === 'float64' ? onnx.TensorProto.DataType.DOUBLE : onnx.TensorProto.DataType.FLOAT;
  const tensor = (name: string, dims: number[], values: number[], field: string): InstanceType<typeof onnx.TensorProto> => {
    values.forEach((v, k) => {
      if (!Number.isFinite(v)) throw new InputError(`${field}[${k}]`, `must be a finite number, got ${v}`, 'export a network that has not diverged');
    });
    const data = precision === 'float64' ? Float64Array.from(values) : Float32Array.from(values);
    // raw_data is little-endian by the ONNX spec; typed arrays are too on every platform Node and browsers run on.
    return onnx.TensorProto.create({ name, dims, dataType: elemType, rawData: new Uint8Array(data.buffer) });
  };
  const initializer: InstanceType<typeof onnx.TensorProto>[] = [];
  const node: InstanceType<typeof onnx.NodeProto>[] = [];
  let y = 'input';
  for (let j = 0; j < L; j++) {
    const [n, m] = [layers[j]!, layers[j + 1]!];
    const w = weights[j]!;
    if (w.length !== n || w.some((row) => row.length !== m)) throw new InputError(`weights[${j}]`, `must be ${n}×${m}`);
    if (biases[j]!.length !== m) throw new InputError(`biases[${j}]`, `must have ${m} values`);
    const name = activations[j]!;
    if (!Object.hasOwn(onnxActivations, name)) throw new InputError(`activations[${j}]`, `"${name}" has no ONNX operator`, `use one of: ${Object.keys(onnxActivations).join(', ')}`);
    initializer.push(tensor(`W${j}`, [n, m], w.flat(), `weights[${j}]`), tensor(`b${j}`, [m], biases[j]!, `biases[${j}]`));
    const op = onnxActivations[name];
    const last = j === L - 1;
    const z = op === undefined && last ? 'output' : `z${j}`;
    node.push(onnx.NodeProto.create({ opType: 'MatMul', input: [y, `W${j}`], output: [`s${j}`], name: `matmul${j}` }));
    node.push(onnx.NodeProto.create({ opType: 'Add', input: [`s${j}`, `b${j}`], output: [z], name: `add${j}` }));
    y = z;
    if (op !== undefined) {
      y = last ? 'output' : `y${j}`;
      node.push(onnx.NodeProto.create({ opType: op, input: [z], output: [y], name: `${name}${j}` }));
    }
  }
  const valueInfo = (name: string, width: number) =>
    onnx.ValueInfoProto.create({
      name,
      type: { tensorType: { elemType, shape: { dim: [{ dimParam: 'batch' }, { dimValue: width }] } } },
    });
  const model = onnx.ModelProto.create({
    irVersion: 7,
    opsetImport: [{ domain: '', version: 13 }],
    producerName: 'rxprop',
    docString: `A fully connected network: layers [${layers.join(', ')}], activations [${activations.join(', ')}].`,
    graph: {
      name: 'rxprop',
      node,
      initializer,
      input: [valueInfo('input', layers[0]!)],
      output: [valueInfo('output', layers[L]!)],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}
