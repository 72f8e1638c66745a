/** Command ids, mirroring `contributes.commands` in package.json. */
export const Commands = {
  /** Show the model at the cursor as Keras's `model.summary()` prints it, in a read-only editor. */
  showModelSummary: 'modelLens.showModelSummary',
} as const;

/** The scheme of the read-only summary documents. */
export const SUMMARY_SCHEME = 'model-lens-summary';
