import { add, formatShape, formatValue, type Tensor } from '@scratchnet/tensor';
import { checkDy, childParameterGradients, isLayer, isLayerRecord, type NamedChildren } from './children';
import { Container } from './container';
import type { ForwardOptions, Layer } from './layer';
import type { JsonValue, LayerConfig } from './layer-config';
import { nameList } from './name-list';
import { sameShape } from './same-shape';
import { Sequential } from './sequential';

export interface ResidualOptions {
  /** The path x takes around the body (a strided 1×1 Conv2d + BatchNorm2d to downsample); identity when absent. */
  shortcut?: Layer | null;
  /** The shortcut's name in the state dict (torchvision's BasicBlock calls it "downsample"). */
  shortcutName?: string;
  /** Applied to the sum (a BasicBlock's final ReLU), named "activation"; none by default. */
  activation?: Layer | null;
}

/**
 * y = activation(body(x) + shortcut(x)), the shortcut being the identity unless given, and the
 * activation too. A body given as named
 * layers (`{ conv1, bn1, relu, conv2, bn2 }`) runs them in order under their own names, so a
 * torchvision BasicBlock's state dict ("conv1.weight", "downsample.1.running_mean") loads as is; a
 * body given as one layer is named "body". Backward sends dy down both paths and adds their dx.
 */
export class Residual extends Container {
  readonly kind = 'Residual';
  readonly body: Layer;
  readonly shortcut: Layer | null;
  readonly activation: Layer | null;
  readonly children: NamedChildren;
  private readonly bodyIsNamed: boolean;
  private readonly shortcutName: string;
  private output: { shape: readonly number[]; dtype: string } | undefined;

  constructor(body: Layer | Record<string, Layer>, options: ResidualOptions = {}) {
    super();
    const { shortcut = null, shortcutName = 'downsample', activation = null } = options;
    if (!isLayer(body) && !isLayerRecord(body)) {
      throw new Error(
        `Residual: the body must be a layer or a record of named layers, got ${formatValue(body)}`,
      );
    }
    this.bodyIsNamed = !isLayer(body);
    this.body = this.bodyIsNamed ? new Sequential(body as Record<string, Layer>) : (body as Layer);
    if (shortcut !== null && !isLayer(shortcut)) {
      throw new Error(`Residual: the shortcut must be a layer or null, got ${formatValue(shortcut)}`);
    }
    if (typeof shortcutName !== 'string' || shortcutName.length === 0 || shortcutName.includes('.')) {
      throw new Error(
        `Residual: shortcutName ${formatValue(shortcutName)} must be a non-empty string without "."`,
      );
    }
    if (activation !== null && !isLayer(activation)) {
      throw new Error(`Residual: the activation must be a layer or null, got ${formatValue(activation)}`);
    }
    this.shortcut = shortcut;
    this.activation = activation;
    this.shortcutName = shortcutName;
    const bodyChildren: NamedChildren = this.bodyIsNamed
      ? (this.body as Sequential).children
      : [['body', this.body]];
    const children: (readonly [string, Layer])[] = [...bodyChildren];
    if (shortcut) children.push([shortcutName, shortcut]);
    if (activation) children.push(['activation', activation]);
    const names = children.map(([name]) => name);
    const repeated = names.find((name, i) => names.indexOf(name) !== i);
    if (repeated) throw new Error(`Residual: the name ${formatValue(repeated)} is used twice`);
    this.children = children;
  }

  forward(x: Tensor, options?: ForwardOptions): Tensor {
    const main = this.body.forward(x, options);
    const side = this.shortcut ? this.shortcut.forward(x, options) : x;
    if (!sameShape(main.shape, side.shape)) {
      throw new Error(
        `${this}: the body gives ${formatShape(main.shape)} but the shortcut gives ${formatShape(side.shape)} for input ${formatShape(x.shape)}; ` +
          'they must match to be added (a downsampling block needs a shortcut that strides and widens too)',
      );
    }
    const sum = add(main, side);
    const y = this.activation ? this.activation.forward(sum, options) : sum;
    this.output = { shape: y.shape, dtype: y.dtype };
    return y;
  }

  backward(dy: Tensor): Tensor {
    const g = this.sumGradient('backward', dy);
    const fromBody = this.body.backward(g);
    return add(fromBody, this.shortcut ? this.shortcut.backward(g) : g);
  }

  /** The parameter gradients of backward(dy): both paths get the sum's gradient; neither forms its dx. */
  backwardParameters(dy: Tensor): void {
    const g = this.sumGradient('backwardParameters', dy);
    childParameterGradients(this.body, g);
    if (this.shortcut) childParameterGradients(this.shortcut, g);
  }

  /** dL/d(body(x) + shortcut(x)), once dy is checked: through the activation when there is one. */
  private sumGradient(op: string, dy: Tensor): Tensor {
    checkDy(`${this}`, op, dy, this.output);
    return this.activation ? this.activation.backward(dy) : dy;
  }

  outputShape(inputShape: readonly number[]): number[] {
    const sum = this.sumShape(inputShape);
    return this.activation ? this.activation.outputShape(sum) : sum;
  }

  private sumShape(inputShape: readonly number[]): number[] {
    const main = this.body.outputShape(inputShape);
    const side = this.shortcut ? this.shortcut.outputShape(inputShape) : [...inputShape];
    if (!sameShape(main, side)) {
      throw new Error(
        `${this}: the body gives ${formatShape(main)} but the shortcut gives ${formatShape(side)}`,
      );
    }
    return main;
  }

  config(): LayerConfig {
    // A named body is stored as its children ({ named }), one layer as { layer }.
    const body: JsonValue = this.bodyIsNamed
      ? this.body.config().args[0]
      : { layer: this.body.config() as unknown as JsonValue };
    const config = (layer: Layer | null) => (layer ? (layer.config() as unknown as JsonValue) : null);
    const options = {
      shortcut: config(this.shortcut),
      shortcutName: this.shortcutName,
      activation: config(this.activation),
    };
    return { kind: this.kind, args: [body, options] };
  }

  toString(): string {
    const names = this.children.filter(([name]) => name !== 'activation').map(([name]) => name);
    return `Residual(${nameList(names, true)}${this.shortcut ? '' : ' + identity'}${this.activation ? ', then activation' : ''})`;
  }
}
