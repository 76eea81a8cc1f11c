import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname } from 'node:path';
import { defaultControllers } from '@kubesim/controllers';
import type { Controller } from '@kubesim/core';
import { BadInput, type Io } from './io.js';

/**
 * `--controllers MODULE` (run, check): a JavaScript or TypeScript module whose controllers
 * replace kubesim's of the same name, or are added to them — how a user checks their own
 * controller, or a modified built-in one, against the invariants. What it may export:
 * - `default` or `controllers`: an array of controllers, one controller, or a function given
 *   kubesim's default controllers (as defaultControllers() makes them) that returns either —
 *   the way to wrap a real controller (`defaults.find((c) => c.name === 'deployment')`);
 * - otherwise, each named export that is a controller.
 * A controller is an object with a name, a component, watches and reconcile() (core's
 * Controller interface).
 *
 * Loaded synchronously, as the commands run: JavaScript through require() (Node 20.19 and
 * later load ES modules so, if they have no top-level await); TypeScript through tsx's
 * require when tsx is installed beside kubesim (it is in the repository: `pnpm kubesim`).
 */
const TYPESCRIPT = new Set(['.ts', '.mts', '.cts', '.tsx']);

const FORMS =
  'a default or `controllers` export (an array of controllers, one controller, or a function of the default controllers returning them), or named controller exports';

export function loadControllers(module: string, io: Io): Controller[] {
  const path = io.resolve(module);
  const what = `--controllers ${module}`;
  if (!existsSync(path)) throw new BadInput(`${what}: no such file`);
  const exports = load(path, what);
  const chosen = pick(exports);
  if (chosen === undefined) throw new BadInput(`${what}: exports no controllers; expected ${FORMS}`);
  let value = chosen.value;
  if (typeof value === 'function') {
    try {
      value = (value as (defaults: readonly Controller[]) => unknown)(defaultControllers());
    } catch (e) {
      throw new BadInput(`${what}: its ${chosen.name} export threw: ${(e as Error).message}`);
    }
  }
  const list = Array.isArray(value) ? (value as unknown[]) : [value];
  if (list.length === 0) throw new BadInput(`${what}: its ${chosen.name} export holds no controllers; expected ${FORMS}`);
  list.forEach((c, i) => {
    const problem = notAController(c);
    if (problem !== undefined)
      throw new BadInput(
        `${what}: ${chosen.name}${list.length > 1 || Array.isArray(value) ? `[${i}]` : ''} is not a controller: ${problem}`,
      );
  });
  const names = new Set<string>();
  for (const c of list as Controller[]) {
    if (names.has(c.name)) throw new BadInput(`${what}: two controllers are named ${JSON.stringify(c.name)}`);
    names.add(c.name);
  }
  return list as Controller[];
}

function load(path: string, what: string): Record<string, unknown> {
  const require = createRequire(import.meta.url);
  try {
    if (!TYPESCRIPT.has(extname(path))) return require(path) as Record<string, unknown>;
    let tsx: { require: (id: string, from: string) => unknown };
    try {
      tsx = require('tsx/cjs/api') as typeof tsx;
    } catch {
      throw new BadInput(`${what}: a TypeScript module needs tsx installed beside kubesim (or compile it to JavaScript)`);
    }
    return tsx.require(path, import.meta.url) as Record<string, unknown>;
  } catch (e) {
    if (e instanceof BadInput) throw e;
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ERR_REQUIRE_ASYNC_MODULE')
      throw new BadInput(`${what}: cannot load a module with top-level await; export the controllers without it`);
    throw new BadInput(`${what}: cannot load: ${(err.message ?? String(e)).split('\n')[0]}`);
  }
}

/** The export to read: default, then `controllers`, then every named export that is a controller. */
function pick(exports: Record<string, unknown>): { name: string; value: unknown } | undefined {
  if (exports.default !== undefined && exports.default !== null && !isNamespace(exports.default))
    return { name: 'default', value: exports.default };
  if (exports.controllers !== undefined) return { name: 'controllers', value: exports.controllers };
  const named = Object.entries(exports).filter(([k, v]) => k !== 'default' && notAController(v) === undefined);
  return named.length === 0 ? undefined : { name: 'named', value: named.map(([, v]) => v) };
}

/** A CommonJS module compiled from ES syntax hands its exports back under default too. */
function isNamespace(v: unknown): boolean {
  return typeof v === 'object' && v !== null && '__esModule' in v;
}

function notAController(c: unknown): string | undefined {
  if (typeof c !== 'object' || c === null) return `expected an object, not ${c === null ? 'null' : typeof c}`;
  const o = c as Record<string, unknown>;
  if (typeof o.name !== 'string' || o.name === '') return 'no name';
  if (typeof o.component !== 'string') return `${o.name}: no component (the event source it records under)`;
  if (!Array.isArray(o.watches)) return `${o.name}: no watches (an array of { kind })`;
  if (typeof o.reconcile !== 'function') return `${o.name}: no reconcile(view, key, ctx)`;
  return undefined;
}
