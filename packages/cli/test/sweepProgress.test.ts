import { describe, expect, it } from 'vitest';
import { sweepProgress } from '../src/sweepProgress.js';

/** A terminal as cli-progress drives it. */
function terminal() {
  const t = {
    written: '',
    isTTY: true,
    columns: 120,
    write: (s: string) => {
      t.written += s;
      return true;
    },
    cursorTo: () => true,
    clearLine: () => true,
    moveCursor: () => true,
    clearScreenDown: () => true,
  };
  return t;
}

describe('the sweep progress bar', () => {
  it('shows runs done of all and an ETA on a terminal', () => {
    const ci = process.env.CI;
    delete process.env.CI;
    try {
      const t = terminal();
      // A resumed sweep starts with the runs already done.
      const bar = sweepProgress(t, 4, 1);
      expect(t.written).toMatch(/sweeping \[.*\] 1\/4 runs \| \d+s \| ETA /);
      bar.tick();
      bar.stop();
    } finally {
      if (ci !== undefined) process.env.CI = ci;
    }
  });

  it('stays silent when piped', () => {
    let written = '';
    const bar = sweepProgress({ write: (s: string) => (written += s), isTTY: false }, 4, 0);
    bar.tick();
    bar.stop();
    expect(written).toBe('');
  });
});
