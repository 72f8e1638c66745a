/**
 * A kernel a backend cannot run: TF.js's own "Kernel 'X' not registered for backend 'Y'", or one of our kernels
 * that does not handle a case (a data format, a padding). On the "auto" backend the trainer then trains on the
 * CPU instead; otherwise it says which kernel is missing.
 */
export class MissingKernel extends Error {
  constructor(
    readonly kernel: string,
    readonly backend: string,
    /** What about this use the kernel does not handle (`data format NCHW`), when it exists for other uses. */
    readonly detail?: string,
  ) {
    super(`Kernel '${kernel}' not registered for backend '${backend}'${detail ? ` (${detail})` : ''}`);
    this.name = 'MissingKernel';
  }
}

/** The missing kernel an error reports, or undefined for any other error. */
export function missingKernel(e: unknown): MissingKernel | undefined {
  if (e instanceof MissingKernel) return e;
  // TF.js throws a plain Error when no kernel is registered (tfjs-core engine.ts); its message is all it gives.
  const m = /Kernel '(\w+)' not registered for backend '(\w+)'/.exec((e as Error)?.message ?? '');
  return m ? new MissingKernel(m[1], m[2]) : undefined;
}
