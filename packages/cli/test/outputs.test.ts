import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AtomicFile, main, OutputError, type WriteFn } from '../src/index.js';
import { captured, folder, removeFolders, SMALL } from './helpers.js';

afterAll(removeFolders);

/**
 * Issue 14: output files are all-or-nothing. Every write is checked, the file goes to a
 * temporary file in the target's folder and replaces the target only when whole; a target
 * that is not a regular file, is an input of the run, or cannot be written is refused
 * before the run starts.
 */

/** The names in a folder other than the ones given: a temporary file left behind shows here. */
function others(dir: string, ...known: string[]): string[] {
  return readdirSync(dir).filter((n) => !known.includes(n));
}

describe('AtomicFile: every write checked', () => {
  it('retries short writes with the rest: the file is whole', () => {
    const dir = folder();
    const path = join(dir, 'out.jsonl');
    let calls = 0;
    // One byte at a time, as a write(2) may legally return.
    const short: WriteFn = (fd, buffer, offset, length) => {
      calls++;
      return writeSync(fd, buffer, offset, Math.min(length, 1));
    };
    const f = new AtomicFile(path, { write: short });
    f.writeLine('héllo');
    f.writeLine('world');
    f.commit();
    expect(readFileSync(path, 'utf8')).toBe('héllo\nworld\n');
    expect(calls).toBe(Buffer.byteLength('héllo\nworld\n'));
    expect(others(dir, 'out.jsonl')).toEqual([]);
  });

  it('a full disk (ENOSPC, or a write that takes nothing) is an OutputError; the target and folder are as they were', () => {
    for (const write of [
      (() => {
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      }) as WriteFn,
      (() => 0) as WriteFn,
    ]) {
      const dir = folder({ 'out.jsonl': 'old\n' });
      const path = join(dir, 'out.jsonl');
      const f = new AtomicFile(path, { write });
      f.writeLine('a line');
      expect(() => f.commit()).toThrow(OutputError);
      const g = new AtomicFile(path, { write });
      g.writeLine('x');
      let message = '';
      try {
        g.commit();
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toBe(`cannot write ${path}: no space left on device (ENOSPC); it was left as it was`);
      expect(readFileSync(path, 'utf8')).toBe('old\n');
      expect(others(dir, 'out.jsonl')).toEqual([]);
      g.abort(); // twice is harmless
    }
  });

  it('never opens a temporary file that is already there (or a link put there)', () => {
    const dir = folder();
    const a = new AtomicFile(join(dir, 'x'));
    const b = new AtomicFile(join(dir, 'x'));
    expect(a.temp).not.toBe(b.temp);
    a.abort();
    b.abort();
    expect(others(dir)).toEqual([]);
  });
});

describe('kubesim run --log: all or nothing', () => {
  it('a full disk mid-run: exit 2 with a clear message, no file at the target, no temporary file', () => {
    const dir = folder({ 'small.yaml': SMALL });
    // The disk is full from the first write on.
    const c = captured(dir, {
      writeOutput: () => {
        throw Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' });
      },
    });
    expect(main(['run', 'small.yaml', '--log', 'run.jsonl'], c)).toBe(2);
    expect(c.err).toBe(
      `kubesim: cannot write ${join(dir, 'run.jsonl')}: no space left on device (ENOSPC); it was left as it was\n`,
    );
    expect(c.out).toBe('');
    expect(existsSync(join(dir, 'run.jsonl'))).toBe(false);
    expect(others(dir, 'small.yaml')).toEqual([]);
  });

  it('the printed log hash is the sha256 of the file as written', async () => {
    const { createHash } = await import('node:crypto');
    const dir = folder({ 'small.yaml': SMALL });
    const c = captured(dir);
    expect(main(['run', 'small.yaml', '--log', 'run.jsonl', '--json'], c)).toBe(0);
    const bytes = readFileSync(join(dir, 'run.jsonl'));
    expect(JSON.parse(c.out).logHash).toBe(createHash('sha256').update(bytes).digest('hex'));
  });
});

describe('kubesim run --log refuses a target before the run starts (exit 2, nothing written)', () => {
  const refused = (target: (dir: string) => string, files: Record<string, string> = {}): string => {
    const dir = folder({ 'small.yaml': SMALL, ...files });
    const log = target(dir);
    const before = readdirSync(dir).sort();
    const c = captured(dir);
    expect(main(['run', 'small.yaml', '--log', log], c)).toBe(2);
    expect(c.out).toBe('');
    expect(readdirSync(dir).sort()).toEqual(before);
    expect(c.err.split('\n')).toHaveLength(2);
    return c.err;
  };

  it('a folder, however it is named', () => {
    expect(refused((d) => d)).toMatch(/^kubesim: --log ".*": is a folder; give a file path\n$/);
    expect(refused(() => 'sub/')).toBe('kubesim: --log "sub/": names a folder; give a file path\n');
    expect(
      refused((d) => {
        mkdirSync(join(d, 'logs'));
        return 'logs';
      }),
    ).toBe('kubesim: --log "logs": is a folder; give a file path\n');
  });

  it('an empty path', () => {
    expect(refused(() => '')).toBe('kubesim: --log: needs a file path, not an empty string\n');
  });

  it('a device', () => {
    expect(refused(() => '/dev/null')).toBe('kubesim: --log "/dev/null": is not a regular file (a device, a FIFO or a socket)\n');
  });

  it('a symbolic link, even to a file it could write', () => {
    const err = refused(
      (d) => {
        symlinkSync(join(d, 'real.jsonl'), join(d, 'link.jsonl'));
        return 'link.jsonl';
      },
      { 'real.jsonl': 'x' },
    );
    expect(err).toBe(
      'kubesim: --log "link.jsonl": is a symbolic link; kubesim writes only regular files, never through a link\n',
    );
  });

  it('the scenario itself, or a manifest it reads (by any path to it)', () => {
    expect(refused(() => 'small.yaml')).toBe(
      'kubesim: --log "small.yaml": is the scenario, an input of this run; writing there would destroy it\n',
    );
    const scenario = 'until: 5s\nsteps:\n  - at: 0s\n    kubectl: apply -f web.yaml\n';
    const web = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx\n';
    const dir = folder({ 'small.yaml': scenario, 'web.yaml': web });
    mkdirSync(join(dir, 'sub'));
    const c = captured(join(dir, 'sub'));
    expect(main(['run', '../small.yaml', '--log', '../sub/../web.yaml'], c)).toBe(2);
    expect(c.err).toBe(
      'kubesim: --log "../sub/../web.yaml": is the manifest web.yaml, an input of this run; writing there would destroy it\n',
    );
    expect(readFileSync(join(dir, 'web.yaml'), 'utf8')).toBe(web);
  });

  it('a path whose folder does not exist', () => {
    expect(refused(() => 'missing/run.jsonl')).toBe('kubesim: --log "missing/run.jsonl": its folder cannot be used (ENOENT)\n');
  });

  it.skipIf(process.getuid?.() === 0)('a file it may not write', () => {
    const err = refused(
      (d) => {
        chmodSync(join(d, 'ro.jsonl'), 0o444);
        return 'ro.jsonl';
      },
      { 'ro.jsonl': 'x' },
    );
    expect(err).toBe('kubesim: --log "ro.jsonl": cannot be written (EACCES)\n');
  });
});
