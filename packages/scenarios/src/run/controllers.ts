import type { Controller } from '@kubesim/core';

/**
 * The controllers a run uses: kubesim's defaults, with each of `own` in place of the default
 * of the same name (a modified Deployment controller named `deployment` replaces the real
 * one), and those whose name no default has added after them. This is how a user checks their
 * own controller, or a variant of a built-in one, against the invariants.
 */
export function withControllers(defaults: readonly Controller[], own: readonly Controller[] | undefined): Controller[] {
  if (own === undefined || own.length === 0) return [...defaults];
  const byName = new Map<string, Controller>();
  for (const c of own) {
    if (byName.has(c.name)) throw new Error(`two controllers are named ${JSON.stringify(c.name)}: each name runs once`);
    byName.set(c.name, c);
  }
  const replaced = defaults.map((d) => byName.get(d.name) ?? d);
  const names = new Set(defaults.map((d) => d.name));
  return [...replaced, ...own.filter((c) => !names.has(c.name))];
}
