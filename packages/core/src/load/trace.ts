import { KubesimError } from '../errors.js';
import { parseDuration } from '../time/duration.js';
import type { LoadPoint } from './pattern.js';

/**
 * A recorded load trace from CSV text: one `time,value` row per line, the time a duration
 * from the scenario's start (`90s`, `1m30s`) or plain seconds (`90`, `90.5`), the value a
 * non-negative number. An optional header row (a first row whose value is not a number), blank
 * lines and `#` comments are skipped. Times must increase. Errors name the line.
 */
export function parseLoadTrace(text: string, source = 'trace'): LoadPoint[] {
  const points: LoadPoint[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === '' || line.startsWith('#')) continue;
    const fail = (why: string): never => {
      throw new KubesimError('E_SCENARIO', `${source}:${i + 1}: ${why}`);
    };
    const cells = line.split(',').map((c) => c.trim());
    if (cells.length !== 2) fail(`expected 2 columns (time,value), got ${cells.length}`);
    const [timeCell, valueCell] = cells as [string, string];
    const isNumber = (s: string): boolean => /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s);
    if (points.length === 0 && !isNumber(valueCell) && !/^\d/.test(timeCell)) continue; // a header row
    if (!isNumber(valueCell)) fail(`value ${JSON.stringify(valueCell)} is not a number`);
    const value = Number(valueCell);
    if (value < 0 || !Number.isFinite(value)) fail(`value ${valueCell} must be a finite number >= 0`);
    let at: number;
    if (isNumber(timeCell)) at = Math.round(Number(timeCell) * 1000);
    else {
      try {
        at = parseDuration(timeCell);
      } catch {
        at = fail(`time ${JSON.stringify(timeCell)} is neither seconds nor a duration like 1m30s`);
      }
    }
    if (at < 0) fail(`time ${timeCell} is before the start`);
    const prev = points[points.length - 1];
    if (prev !== undefined && at <= prev.at) fail(`time ${timeCell} is not after the previous row's`);
    points.push({ at, value });
  }
  if (points.length === 0) throw new KubesimError('E_SCENARIO', `${source}: no rows of time,value`);
  return points;
}
