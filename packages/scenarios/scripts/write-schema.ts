// Writes scenario.schema.json from the zod definition (src/scenario/schema.ts).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scenarioJsonSchema } from '../src/index.js';

const path = join(import.meta.dirname, '..', 'scenario.schema.json');
writeFileSync(path, `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
process.stdout.write(`wrote ${path}\n`);
