/** Every layer spec, looked up by Keras class name or alias. */
import { Activation, Dense, Dropout, Flatten, Reshape } from './core';
import type { LayerSpec } from './spec';

export const LAYER_SPECS: readonly LayerSpec[] = [Dense, Activation, Dropout, Flatten, Reshape];

const byName = new Map<string, LayerSpec>();
for (const spec of LAYER_SPECS) {
  byName.set(spec.className, spec);
  for (const alias of spec.aliases ?? []) byName.set(alias, spec);
}

export function findLayerSpec(name: string): LayerSpec | undefined {
  return byName.get(name);
}
