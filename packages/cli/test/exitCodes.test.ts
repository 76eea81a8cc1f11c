import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/index.js';
import { captured, folder, removeFolders, SMALL } from './helpers.js';

afterAll(removeFolders);

/**
 * Issue 14: one exit-code rule that always holds — 0 all held, 1 an invariant or a bound,
 * 2 bad input or usage, 3 an internal error with a one-line message and a pointer to
 * `--debug` — and no stack trace without `--debug`. Each case the review found is here.
 */

/** Runs `kubesim ARGS` in a folder holding these files; the output, checked for stack traces. */
function kubesim(files: Record<string, string>, ...args: string[]): { code: number; out: string; err: string; dir: string } {
  const dir = folder(files);
  const c = captured(dir);
  const code = main(args, c);
  if (!args.includes('--debug')) expect(c.err).not.toMatch(/^\s+at /m);
  return { code, out: c.out, err: c.err, dir };
}

const BOMB = (() => {
  // A billion laughs: nine levels of nine aliases each.
  let s = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n';
  for (let i = 1; i < 10; i++) {
    const prev = String.fromCharCode(96 + i);
    const name = String.fromCharCode(97 + i);
    s += `${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]\n`;
  }
  return `${s}until: 1s\n`;
})();

describe('exit 2 with one message, never a stack trace', () => {
  it('a YAML alias bomb: the alias expansion is bounded', () => {
    const started = performance.now();
    const { code, err } = kubesim({ 's.yaml': BOMB }, 'run', 's.yaml');
    expect(code).toBe(2);
    expect(err).toBe('kubesim: s.yaml:1:1: YAML error: Excessive alias count indicates a resource exhaustion attack\n');
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('a node capacity that is not a quantity (cpu: "lots"), at the line of the field', () => {
    const { code, err } = kubesim(
      { 's.yaml': 'until: 5s\ncluster:\n  nodes:\n    - name: n1\n      cpu: "lots"\n' },
      'run',
      's.yaml',
    );
    expect(code).toBe(2);
    expect(err).toMatch(
      /^kubesim: s\.yaml:5:7: cluster\.nodes\[0\]\.cpu: Invalid value: "lots": quantities must match the regular expression /,
    );
    const count = kubesim({ 's.yaml': 'until: 5s\ncluster:\n  nodes: {count: 2, memory: "8 Gi"}\n' }, 'run', 's.yaml');
    expect(count.code).toBe(2);
    expect(count.err).toMatch(/^kubesim: s\.yaml:3:21: cluster\.nodes\.memory: Invalid value: "8 Gi": /);
  });

  it("a node named Bad_Node! is refused in the API server's words, not dropped", () => {
    const { code, err } = kubesim({ 's.yaml': 'until: 5s\ncluster:\n  nodes:\n    - name: Bad_Node!\n' }, 'run', 's.yaml');
    expect(code).toBe(2);
    expect(err).toBe(
      "kubesim: s.yaml:4:7: The Node \"Bad_Node!\" is invalid: metadata.name: Invalid value: \"Bad_Node!\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')\n",
    );
  });

  it('a node that joins later is checked as the nodes at the start are (found by the fuzz script)', () => {
    const joins = (node: string) =>
      kubesim({ 's.yaml': `until: 30s\nsteps:\n  - at: 15s\n    fault:\n      nodeJoins: ${node}\n` }, 'run', 's.yaml');
    const cpu = joins('{name: n9, cpu: "lots"}');
    expect(cpu.code).toBe(2);
    expect(cpu.err).toMatch(
      /^kubesim: s\.yaml:5:29: steps\[0\]\.fault\.nodeJoins\.cpu: Invalid value: "lots": quantities must match /,
    );
    const named = joins('{name: Bad_Node!}');
    expect(named.code).toBe(2);
    expect(named.err).toMatch(
      /^kubesim: s\.yaml:5:\d+: The Node "Bad_Node!" is invalid: metadata\.name: Invalid value: "Bad_Node!"/,
    );
  });

  it('--log DIR and --log "" fail at once, before the run', () => {
    const dir = kubesim({ 's.yaml': SMALL }, 'run', 's.yaml', '--log', '.');
    expect(dir).toMatchObject({ code: 2, out: '', err: 'kubesim: --log ".": is a folder; give a file path\n' });
    const empty = kubesim({ 's.yaml': SMALL }, 'run', 's.yaml', '--log', '');
    expect(empty).toMatchObject({ code: 2, out: '', err: 'kubesim: --log: needs a file path, not an empty string\n' });
  });

  describe('a replayed log with a line kubesim did not write', () => {
    /** A log of SMALL with its third line replaced, read as partial (the trailer would refuse it anyway). */
    const withLine = (line: string): { code: number; err: string } => {
      const { dir } = kubesim({ 's.yaml': SMALL }, 'run', 's.yaml', '--log', 'run.jsonl');
      const lines = readFileSync(join(dir, 'run.jsonl'), 'utf8').split('\n').slice(0, 3);
      writeFileSync(join(dir, 'bad.jsonl'), `${[...lines, line].join('\n')}\n`);
      const c = captured(dir);
      const code = main(['replay', 'bad.jsonl', '--partial'], c);
      expect(c.err).not.toMatch(/^\s+at /m);
      return { code, err: c.err };
    };

    it('an unknown event type', () => {
      expect(withLine('{"t":1,"Frobnicate":{"x":1}}')).toEqual({
        code: 2,
        err: 'kubesim: bad.jsonl:4: no event (a line holds one event type as a key, such as "Create")\n',
      });
    });

    it('a known type with fields the reducer cannot take', () => {
      expect(withLine('{"t":1,"Delete":{"ref":null}}')).toEqual({
        code: 2,
        err: "kubesim: bad.jsonl:4: cannot be replayed: the entry is not one kubesim writes (Cannot read properties of null (reading 'kind'))\n",
      });
    });

    it('a ref to a kind that is not one (found by the fuzz suite: one character of "Deployment" changed)', () => {
      expect(withLine('{"t":1,"Scale":" eployment","key":"default/web","replicas":2}')).toEqual({
        code: 2,
        err: 'kubesim: bad.jsonl:4: cannot be replayed: no matches for kind " eployment": kubesim does not serve it\n',
      });
    });

    it('a write the replay does not take as the log says', () => {
      const r = withLine('{"t":1,"Scale":{"ref":{"kind":"Deployment","name":"x"},"replicas":2}}');
      expect(r.code).toBe(2);
      expect(r.err).toMatch(
        /^kubesim: bad\.jsonl:4: replay diverged at seq \d+ \(Scale at \d+ms\): the log says accepted, replay gives /,
      );
    });
  });
});

describe('exit 3: an internal error is one line, with a pointer to --debug', () => {
  const broken = (args: string[]) => {
    const dir = folder({ 's.yaml': SMALL });
    const c = captured(dir);
    // Printing the report fails as no input could make it fail: a bug's stand-in.
    const failing = {
      ...c,
      stdout: {
        write: () => {
          throw new TypeError("Cannot read properties of undefined (reading 'x')\n    and a second line");
        },
      },
    };
    return { code: main(args, failing), err: c.err };
  };

  it('without --debug: no stack', () => {
    expect(broken(['run', 's.yaml'])).toEqual({
      code: 3,
      err: "kubesim: internal error: Cannot read properties of undefined (reading 'x') (run again with --debug for the stack)\n",
    });
  });

  it('with --debug, anywhere on the line: the stack', () => {
    for (const args of [
      ['--debug', 'run', 's.yaml'],
      ['run', 's.yaml', '--debug'],
    ]) {
      const { code, err } = broken(args);
      expect(code).toBe(3);
      expect(err).toMatch(/^kubesim: internal error: TypeError: Cannot read properties of undefined \(reading 'x'\)\n/);
      expect(err).toMatch(/^\s+at /m);
    }
  });
});

describe('exit 0 and 1 keep their meaning', () => {
  it('0 when every invariant held, 1 when a bound stopped the run', () => {
    expect(kubesim({ 's.yaml': SMALL }, 'run', 's.yaml').code).toBe(0);
    expect(kubesim({ 's.yaml': `${SMALL}maxEvents: 20\n` }, 'run', 's.yaml').code).toBe(1);
  });
});
