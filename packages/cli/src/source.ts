import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { BadInput, type Io } from './io.js';

/** A scenario's text, the name its messages use, and the folder its relative paths start from. */
export interface ScenarioSource {
  readonly text: string;
  readonly name: string;
  readonly dir: string;
}

/** The name a scenario read from standard input goes by in messages. */
export const STDIN_NAME = '<stdin>';

/** `kubesim run FILE`, or `kubesim run -` for standard input (paths in it then relative to the cwd). */
export function readScenarioSource(file: string, io: Io): ScenarioSource {
  if (file === '-') {
    if (io.readStdin === undefined) throw new BadInput('cannot read a scenario from standard input here');
    let text: string;
    try {
      text = io.readStdin();
    } catch (e) {
      throw new BadInput(`cannot read standard input: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    return { text, name: STDIN_NAME, dir: io.cwd };
  }
  const path = io.resolve(file);
  try {
    return { text: readFileSync(path, 'utf8'), name: file, dir: dirname(path) };
  } catch (e) {
    throw new BadInput(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/**
 * When the text is a Kubernetes manifest rather than a scenario (top-level apiVersion and kind,
 * no steps), what to say instead of the loader's "unknown field": that it is a manifest, and
 * the few lines of a scenario that applies it.
 */
export function manifestHint(text: string, name: string): string | undefined {
  const kind = /^kind:[ \t]*["']?([A-Za-z0-9]+)/m.exec(text)?.[1];
  if (kind === undefined || !/^apiVersion:/m.test(text) || /^steps:/m.test(text)) return undefined;
  const objectName = /^metadata:[ \t]*\n(?:[ \t]+.*\n)*?[ \t]+name:[ \t]*["']?([^\s"'#]+)/m.exec(text)?.[1];
  const what = objectName === undefined ? kind : `${kind} "${objectName}"`;
  const stdin = name === STDIN_NAME;
  const file = stdin ? 'manifest.yaml' : name.replace(/^.*\//, '');
  const lines = [
    `${stdin ? 'standard input' : name} is a Kubernetes manifest (${what}), not a kubesim scenario.`,
    `A scenario applies it at a simulated time and says what to look at${stdin ? ' (save the manifest as manifest.yaml first)' : ''}:`,
    '',
    `  name: ${(objectName ?? kind).toLowerCase()}`,
    '  until: 5m',
    '  steps:',
    '    - at: 0s',
    `      kubectl: apply -f ${file}`,
    '    - at: 2m',
    '      kubectl: get pods',
    '',
    `Save it as scenario.yaml beside ${file} and run: kubesim run scenario.yaml`,
  ];
  return lines.join('\n');
}
