/** Model files of a chosen size, written the way people write them, for benchmarks. */

/** A Sequential CNN/MLP of `n` layers: conv blocks then dense layers. */
export function sequentialModel(n: number): string {
  const lines = ['import keras', 'from keras import layers', '', 'model = keras.Sequential([', '    keras.Input(shape=(64,)),'];
  for (let i = 0; i < n; i++) {
    const kind = i % 4;
    if (kind === 0) lines.push(`    layers.Dense(${64 + (i % 8) * 8}, activation="relu"),`);
    else if (kind === 1) lines.push('    layers.BatchNormalization(),');
    else if (kind === 2) lines.push('    layers.Dropout(0.1),');
    else lines.push('    layers.Dense(64),');
  }
  lines.push('])', '');
  return lines.join('\n');
}

/** A functional residual tower of `n` layers. */
export function functionalModel(n: number): string {
  const lines = ['import keras', 'from keras import layers', '', 'inputs = keras.Input(shape=(32,))', 'x = layers.Dense(32)(inputs)'];
  let made = 1;
  while (made < n) {
    lines.push('y = layers.Dense(32, activation="relu")(x)', 'x = layers.Add()([x, y])');
    made += 2;
  }
  lines.push('model = keras.Model(inputs, x)', '');
  return lines.join('\n');
}

/** About `targetLines` lines of ordinary Python (data loading, helpers, plotting) with a few models in between. */
export function mixedFile(targetLines: number): string {
  const out: string[] = ['import os', 'import numpy as np', 'import keras', 'from keras import layers', ''];
  let block = 0;
  while (out.length < targetLines) {
    block++;
    out.push(
      `def load_part_${block}(path, scale=255.0):`,
      '    """Reads one shard and normalizes it."""',
      '    data = np.load(os.path.join(path, f"part_{block}.npy"))',
      '    if data.ndim == 3:',
      '        data = data[..., None]',
      '    return data / scale',
      '',
      `SIZES_${block} = [32, 64, 128]`,
      `for i, size in enumerate(SIZES_${block}):`,
      '    print(i, size * 2)',
      '',
    );
    if (block % 10 === 0) {
      out.push(
        `model_${block} = keras.Sequential([`,
        '    keras.Input(shape=(28, 28, 1)),',
        '    layers.Conv2D(32, 3, activation="relu"),',
        '    layers.MaxPooling2D(),',
        '    layers.Flatten(),',
        `    layers.Dense(${block % 200 + 10}, activation="softmax"),`,
        '])',
        '',
      );
    }
  }
  return out.join('\n');
}
