/** Command ids, mirroring `contributes.commands` in package.json. */
export const Commands = {
  /** Show the model at the cursor as Keras's `model.summary()` prints it, in a read-only editor. */
  showModelSummary: 'modelLens.showModelSummary',
  /** Train the model at the cursor (or the given uri and model index) with TensorFlow.js, with a live chart. */
  trainModel: 'modelLens.trainModel',
  /** Stop the training run in progress. */
  stopTraining: 'modelLens.stopTraining',
  /** Show the training panel (the chart of the current or last run). */
  showTraining: 'modelLens.showTraining',
  /** Show a model (the one at the cursor, or the given uri and model index) in the Model designer panel. */
  openDesigner: 'modelLens.openDesigner',
  /** Insert a starter model (MLP, small CNN, LSTM text classifier) at the cursor. */
  newModel: 'modelLens.newModel',
  /** Show the designer's graph of the model at the cursor in an editor-area panel. */
  openGraphInEditor: 'modelLens.openGraphInEditor',
  /** Copy the summary in the active summary editor as Keras's text. */
  copySummaryText: 'modelLens.copySummaryText',
  /** Copy the summary in the active summary editor as a Markdown table. */
  copySummaryMarkdown: 'modelLens.copySummaryMarkdown',
  /** Show the summary in the active summary editor as a rendered table (the Markdown preview). */
  showSummaryTable: 'modelLens.showSummaryTable',
} as const;

/** The scheme of the read-only summary documents. */
export const SUMMARY_SCHEME = 'model-lens-summary';
/** Their language (package.json), whose editor defaults keep the box-drawn table aligned. */
export const SUMMARY_LANGUAGE = 'model-lens-summary';
