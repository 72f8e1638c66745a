/** Layer and model names as Keras makes them. */

/** Keras's `to_snake_case` (keras/src/utils/naming.py), used for automatic layer names: `Conv2D` → `conv2d`, `ReLU` → `re_lu`. */
export function snakeCase(name: string): string {
  return name
    .replace(/\W+/g, '')
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}
