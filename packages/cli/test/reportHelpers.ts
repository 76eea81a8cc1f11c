import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './capture.js';

export { type Captured, io, ROOT } from './capture.js';

/** Every example scenario under examples/ (the YAML files with steps; the others are manifests). */
export function exampleScenarios(): string[] {
  const dir = join(ROOT, 'examples');
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      readdirSync(join(dir, d.name))
        .filter((f) => f.endsWith('.yaml') && /^steps:/m.test(readFileSync(join(dir, d.name, f), 'utf8')))
        .map((f) => `examples/${d.name}/${f}`),
    )
    .sort();
}

/** The Chromium the browser tests drive: $CHROMIUM, else Debian's. */
export function chromiumPath(): string | undefined {
  const candidates = [process.env.CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((p): p is string => p !== undefined && p !== '' && existsSync(p));
}

/** The --json schemas, each by its file name. */
export function schemas(): Record<string, unknown> {
  const dir = join(import.meta.dirname, '..', 'schema');
  return Object.fromEntries(
    readdirSync(dir)
      .filter((f) => f.endsWith('.schema.json'))
      .map((f) => [f, JSON.parse(readFileSync(join(dir, f), 'utf8'))]),
  );
}
