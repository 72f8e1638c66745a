/**
 * Python imports of the workspace's own modules: `from model import build_model`, `from .nets import CNN`,
 * `import models.resnet as r`. The module is evaluated once (modules/loader.ts) and its names are bound as its
 * module scope holds them: functions and classes run here when called, with their own module's globals.
 */
import type { ModuleImports } from '../modules/loader';
import type { Scope } from '../interp/scope';
import type { ClassValue, PyValue } from '../model/values';

const NOWHERE = { startLine: 0, startCol: 0, endLine: 0, endCol: 0, startIndex: 0, endIndex: 0 };

/** A module as a value: an object whose attributes are the module's globals. */
export function moduleValue(spec: string, scope: Scope): PyValue {
  const cls: ClassValue = { name: `module ${spec}`, base: 'plain', methods: new Map(), attrs: new Map(), range: NOWHERE };
  return { kind: 'object', obj: { cls, attrs: scope.vars } };
}

/** `spec` and one more dotted part: `model` + `cnn` is `model.cnn`, `.` + `nets` is `.nets`. */
function submodule(spec: string, name: string): string {
  return spec.endsWith('.') ? `${spec}${name}` : `${spec}.${name}`;
}

/**
 * The value `from spec import name` binds when `spec` is a workspace module: the module's global, or its
 * submodule of that name; undefined when `spec` is not the workspace's (a package: the import means what it did).
 */
export function importedName(modules: ModuleImports<Scope> | undefined, spec: string, name: string): PyValue | undefined {
  if (!modules) return undefined;
  const scope = modules.load(spec);
  const own = scope?.vars.get(name);
  if (own) return own;
  const sub = modules.load(submodule(spec, name));
  if (sub) return moduleValue(submodule(spec, name), sub);
  return undefined;
}

/**
 * What `import a.b.c` (binding `a`) or `import a.b.c as r` (binding `r`) binds when `a.b.c` is a workspace
 * module; undefined otherwise. Without an alias the top package is bound, with each submodule as its attribute.
 */
export function importedModule(modules: ModuleImports<Scope> | undefined, dotted: string, aliased: boolean): PyValue | undefined {
  if (!modules) return undefined;
  const target = modules.load(dotted);
  if (!target) return undefined;
  if (aliased) return moduleValue(dotted, target);
  const parts = dotted.split('.');
  // Each package on the way: its __init__.py, or an empty namespace package.
  const scopes = parts.map((_, i) => (i === parts.length - 1 ? target : modules.load(parts.slice(0, i + 1).join('.')) ?? { vars: new Map<string, PyValue>() }));
  for (let i = parts.length - 1; i > 0; i--) scopes[i - 1].vars.set(parts[i], moduleValue(parts.slice(0, i + 1).join('.'), scopes[i]));
  return moduleValue(parts[0], scopes[0]);
}
