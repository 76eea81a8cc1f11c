import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it, vi } from 'vitest';

// The README's example must run as written.
const readme = fileURLToPath(new URL('../README.md', import.meta.url));
const example = fileURLToPath(new URL('./readme-example.generated.ts', import.meta.url));

afterAll(() => rmSync(example, { force: true }));

it('runs the example in packages/core/README.md', async () => {
  const block = /```ts\n([\s\S]*?)```/.exec(readFileSync(readme, 'utf8'))?.[1];
  expect(block).toBeDefined();
  writeFileSync(example, block as string);
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' ')));
  await import(/* @vite-ignore */ example);
  log.mockRestore();
  expect(lines[0]).toMatch(/^until \d+$/);
  expect(lines[1]).toMatch(/^node-2 front 440\d{3}$/);
  expect(lines[2]).toBe('1 true');
});
