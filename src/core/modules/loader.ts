/**
 * The workspace modules one analysis imports, each evaluated once: the first import of a file evaluates it
 * (with its own evaluator, so what it builds at import time stays out of the importer's report) and later imports
 * get the same exports. Bounded: how deep imports chain, how many files one analysis reads; an import cycle
 * gives the module being evaluated nothing (as Python gives a partly initialised module).
 */
import type { ModuleText, ReadModule } from './resolve';

export interface ModuleLimits {
  /** Imports of imports of … the analyzed file, at most this deep. */
  readonly maxDepth: number;
  /** Files one analysis evaluates, at most. */
  readonly maxFiles: number;
}

export const DEFAULT_MODULE_LIMITS: ModuleLimits = { maxDepth: 4, maxFiles: 24 };

/** What the analysis of a file needs to follow its imports: where it is, and how to read what it imports. */
export interface ModuleContext {
  readonly path: string;
  readonly read: ReadModule;
  readonly limits?: ModuleLimits;
}

/**
 * Evaluates a module's text into its exports (a front end's module scope, say), given a loader for the imports
 * the module makes in turn. Returns what to release when the analysis ends (a parsed tree).
 */
export type EvaluateModule<Exports> = (module: ModuleText, imports: ModuleImports<Exports>) => { readonly exports: Exports; readonly dispose?: () => void };

/** The imports of one file: what it may import, from where. */
export interface ModuleImports<Exports> {
  /** The exports of the module `spec` names from this file, or undefined (not the workspace's, too deep, a cycle, failed). */
  load(spec: string): Exports | undefined;
}

const NO_IMPORTS: ModuleImports<never> = { load: () => undefined };

/** The modules of one analysis; `dispose` releases them when the analysis is done. */
export class ModuleLoader<Exports> {
  private readonly done = new Map<string, Exports | undefined>();
  private readonly pending = new Set<string>();
  private readonly disposers: (() => void)[] = [];
  private readonly limits: ModuleLimits;

  constructor(private readonly context: ModuleContext, private readonly evaluate: EvaluateModule<Exports>) {
    this.limits = context.limits ?? DEFAULT_MODULE_LIMITS;
  }

  /** The imports of the analyzed file itself. */
  root(): ModuleImports<Exports> {
    return this.importsOf(this.context.path, 1);
  }

  private importsOf(fromPath: string, depth: number): ModuleImports<Exports> {
    if (depth > this.limits.maxDepth) return NO_IMPORTS;
    return { load: (spec) => this.load(fromPath, spec, depth) };
  }

  private load(fromPath: string, spec: string, depth: number): Exports | undefined {
    let module: ModuleText | undefined;
    try {
      module = this.context.read(fromPath, spec);
    } catch {
      return undefined;
    }
    if (!module || module.path === this.context.path || this.pending.has(module.path)) return undefined;
    if (this.done.has(module.path)) return this.done.get(module.path);
    if (this.done.size >= this.limits.maxFiles) return undefined;
    this.pending.add(module.path);
    let exports: Exports | undefined;
    try {
      const evaluated = this.evaluate(module, this.importsOf(module.path, depth + 1));
      exports = evaluated.exports;
      if (evaluated.dispose) this.disposers.push(evaluated.dispose);
    } catch {
      // A module the analysis cannot follow is as if it were not the workspace's: the importer's analysis goes on.
      exports = undefined;
    } finally {
      this.pending.delete(module.path);
      this.done.set(module.path, exports);
    }
    return exports;
  }

  dispose(): void {
    for (const d of this.disposers.splice(0)) d();
  }
}
