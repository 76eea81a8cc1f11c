import { basename, extname } from 'node:path';
import type { SweepHeader, SweepSpec } from '@kubesim/scenarios';
import { BadInput } from './io.js';

/** What the Job assumes of the cluster, each a flag (the defaults are placeholders to replace). */
export interface JobFlags {
  /** Completions: how many shards. */
  readonly shards?: string;
  /** An image with `kubesim` on its PATH. */
  readonly image?: string;
  /** A ConfigMap holding the scenario and every file it reads, mounted read-only at /sweep. */
  readonly inputConfigMap?: string;
  /** A PersistentVolumeClaim (ReadWriteMany, for shards on several nodes) mounted at /results. */
  readonly resultsClaim?: string;
}

/** YAML for plain data: strings as JSON strings (valid YAML), so nothing needs escaping rules of its own. */
function yaml(value: unknown, indent = ''): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return ' []';
    return value
      .map((v) => {
        const inner = yaml(v, `${indent}  `);
        return `\n${indent}-${typeof v === 'object' && v !== null ? inner.replace(/^\n\s*/, ' ') : inner}`;
      })
      .join('');
  }
  if (value !== null && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `\n${indent}${k}:${yaml(v, `${indent}  `)}`)
      .join('');
  }
  return ` ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`;
}

/**
 * `kubesim sweep ... --emit-job`: a Kubernetes Indexed Job that runs the same sweep on a real
 * cluster, one shard per completion index (`--shard $(JOB_COMPLETION_INDEX)/N`, the variable
 * the Job controller sets in each pod), each writing its results file to the claim; then
 * `kubesim sweep merge` joins them. `--resume` in each pod: a pod retried after a failure
 * continues its shard.
 */
export function sweepJob(file: string, spec: SweepSpec, header: SweepHeader, flags: JobFlags): string {
  const shardsText = flags.shards ?? '4';
  if (!/^\d+$/.test(shardsText) || Number(shardsText) < 1 || Number(shardsText) > 100000)
    throw new BadInput(`--shards: expected a whole number from 1 to 100000, not ${JSON.stringify(shardsText)}`);
  const shards = Number(shardsText);
  const image = flags.image ?? `ghcr.io/kubesim/kubesim:${spec.version}`;
  const configMap = flags.inputConfigMap ?? 'kubesim-sweep-input';
  const claim = flags.resultsClaim ?? 'kubesim-sweep-results';
  // A ConfigMap's keys are file names: the scenario and its files must sit in one folder.
  for (const name of [basename(file), ...Object.keys(spec.files)]) {
    if (!/^[-._a-zA-Z0-9]+$/.test(name))
      throw new BadInput(
        `--emit-job: the scenario reads ${JSON.stringify(name)}; a ConfigMap holds files of one folder, so the scenario and the files it reads must be side by side`,
      );
  }
  const scenario = basename(file);
  const stem = basename(file, extname(file));
  const args = [
    'sweep',
    `/sweep/${scenario}`,
    ...spec.params.flatMap((p) => ['--param', p]),
    '--seeds',
    String(spec.seeds),
    '--seed',
    spec.seed,
    '--shard',
    `$(JOB_COMPLETION_INDEX)/${shards}`,
    '--out',
    `/results/${stem}.sweep.$(JOB_COMPLETION_INDEX)-of-${shards}.jsonl`,
    '--resume',
  ];
  const job = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: `kubesim-sweep-${header.fingerprint.slice(0, 12)}`,
      labels: { 'app.kubernetes.io/name': 'kubesim-sweep' },
      annotations: { 'kubesim.io/sweep-fingerprint': header.fingerprint },
    },
    spec: {
      completionMode: 'Indexed',
      completions: shards,
      parallelism: shards,
      backoffLimit: 3 * shards,
      template: {
        metadata: { labels: { 'app.kubernetes.io/name': 'kubesim-sweep' } },
        spec: {
          restartPolicy: 'Never',
          containers: [
            {
              name: 'sweep',
              image,
              command: ['kubesim'],
              args,
              volumeMounts: [
                { name: 'input', mountPath: '/sweep', readOnly: true },
                { name: 'results', mountPath: '/results' },
              ],
            },
          ],
          volumes: [
            { name: 'input', configMap: { name: configMap } },
            { name: 'results', persistentVolumeClaim: { claimName: claim } },
          ],
        },
      },
    },
  };
  const folder = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '.';
  return [
    `# kubesim sweep of ${scenario}: ${header.runs} runs in ${shards} shards (sweep ${header.fingerprint.slice(0, 12)}).`,
    '# Assumes: an image with kubesim on its PATH (--image), the scenario and the files it reads in',
    `# a ConfigMap (--input-config-map): kubectl create configmap ${configMap} --from-file=${folder}`,
    `# and a ReadWriteMany claim for the results (--results-claim ${claim}). Then, from the claim:`,
    `#   kubesim sweep merge ${stem}.sweep.*-of-${shards}.jsonl --out ${stem}.sweep.jsonl`,
    `---${yaml(job)}`,
    '',
  ].join('\n');
}
