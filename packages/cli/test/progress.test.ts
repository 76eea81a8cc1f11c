import { describe, expect, it } from 'vitest';
import { progressBar } from '../src/progress.js';

describe('the progress bar', () => {
  it('stays silent when stderr is not a terminal', () => {
    let written = '';
    const bar = progressBar({ write: (s: string) => (written += s), isTTY: false });
    bar.update(30_000, 60_000);
    bar.stop();
    expect(written).toBe('');
  });

  it('stays silent under CI even on a terminal', () => {
    const ci = process.env.CI;
    process.env.CI = '1';
    try {
      let written = '';
      const bar = progressBar({ write: (s: string) => (written += s), isTTY: true });
      bar.update(30_000, 60_000);
      bar.stop();
      expect(written).toBe('');
    } finally {
      if (ci === undefined) delete process.env.CI;
      else process.env.CI = ci;
    }
  });
});
