/** Control flow leaving a block, thrown through the interpreter and caught where the language catches it. */
import type { PyValue } from '../model/values';

export class ReturnSignal {
  constructor(readonly value: PyValue) {}
}
export class BreakSignal {}
export class ContinueSignal {}
