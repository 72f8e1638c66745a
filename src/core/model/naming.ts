/** Layer and model names as Keras makes them. */

/** Keras's `to_snake_case` (keras/src/utils/naming.py), used for automatic layer names: `Conv2D` → `conv2d`, `ReLU` → `re_lu`. */
export function snakeCase(name: string): string {
  return name
    .replace(/\W+/g, '')
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** TF.js's `toSnakeCase` (tfjs-layers/src/utils/generic_utils.ts), used for automatic layer names: `Conv2D` → `conv2d`. */
export function tfjsSnakeCase(name: string): string {
  const intermediate = name.replace(/(.)([A-Z][a-z0-9]+)/g, '$1_$2');
  const insecure = intermediate.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
  return insecure.startsWith('_') ? `private${insecure}` : insecure;
}
