/** One typed view of the `modelLens.*` settings; mirrors `contributes.configuration` in package.json. */
import * as vscode from 'vscode';
import type { KerasVersionSetting } from '../core/keras-version/detect';

export interface ModelLensSettings {
  /** Show output shape and parameter count above every layer and model. */
  readonly codeLensEnabled: boolean;
  /** How long typing must pause before a document is analyzed again, in milliseconds. */
  readonly debounceMs: number;
  /** Report shape errors in the Problems panel. */
  readonly diagnosticsEnabled: boolean;
  /** Which Keras Python files follow: decided per file (auto), tf.keras 2 or Keras 3. */
  readonly kerasVersion: KerasVersionSetting;
}

export function readSettings(): ModelLensSettings {
  const c = vscode.workspace.getConfiguration('modelLens');
  return {
    codeLensEnabled: c.get<boolean>('codeLens.enabled', true),
    debounceMs: Math.max(0, Math.min(5000, c.get<number>('analysis.debounceMs', 150))),
    diagnosticsEnabled: c.get<boolean>('diagnostics.enabled', true),
    kerasVersion: (['auto', '2', '3'] as const).find((v) => v === String(c.get('keras.version', 'auto'))) ?? 'auto',
  };
}
