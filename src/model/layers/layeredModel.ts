/** The layered part of a model file 1.1 after reading (engine types only, so src/model/types.ts can hold it). */
import type { LayeredNetworkSpec, LayerType, SampleShape } from '../../engine/layers/spec';

/** What `LayeredNetwork.fromSpec` builds, each layer's shapes for reports, and the number of parameters. */
export interface LayeredModel {
  readonly spec: LayeredNetworkSpec;
  readonly inputShape: SampleShape;
  readonly layers: readonly { readonly type: LayerType; readonly inShape: SampleShape; readonly outShape: SampleShape }[];
  readonly parameters: number;
}
