import { endpoints } from '@kubesim/controllers';
import type { ClusterView, KubeObject, Pod } from '@kubesim/core';
import { bool, flag, flagAll, type ParsedArgs } from './args.js';
import type { KubectlContext } from './context.js';
import { failed, type KubectlOutcome, printed, wrote } from './outcome.js';

/**
 * `kubectl exec` and `kubectl run`, for what the tutorials run in a pod: `hostname`, and
 * `nslookup NAME` against the cluster DNS (what CoreDNS would answer from the Services and
 * Endpoints at that moment). kubesim runs no processes, so other commands are refused.
 */

/** The cluster DNS Service as kubeadm sets it up (10.96.0.10), as busybox's nslookup prints it. */
const DNS_SERVER = 'Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n';

/**
 * busybox 1.28's nslookup: the server, then the name and each address followed by its reverse
 * (PTR) name, or "can't resolve". CoreDNS answers a PTR for a Service's cluster IP with the
 * Service's name, and for an endpoint of a headless Service with `<hostname or dashed IP>.<svc>`.
 */
function nslookupOutput(view: ClusterView, name: string, namespace: string): { stdout: string; ok: boolean } {
  const answer = endpoints.nslookup(view, name, namespace);
  if (answer.status === 'NXDOMAIN' || answer.addresses.length === 0) {
    return { stdout: `${DNS_SERVER}\nnslookup: can't resolve '${name}'\n`, ok: false };
  }
  const lines = answer.addresses.map((ip, i) => {
    const ptr = endpoints.reverseLookup(view, ip);
    return `Address ${i + 1}: ${ip}${ptr === undefined ? '' : ` ${ptr}`}`;
  });
  return { stdout: `${DNS_SERVER}\nName:      ${name}\n${lines.join('\n')}\n`, ok: true };
}

/** A command line inside `sh -c '...'` / `bash -c "..."`, or as given. */
function innerCommand(words: readonly string[]): string[] {
  if ((words[0] === 'sh' || words[0] === 'bash' || words[0] === '/bin/sh') && words[1] === '-c' && words[2] !== undefined) {
    return words[2].trim().split(/\s+/);
  }
  return [...words];
}

function runInPod(view: ClusterView, pod: Pod, words: readonly string[]): { stdout: string; ok: boolean } | string {
  const [cmd, ...rest] = innerCommand(words);
  if (cmd === 'hostname' && rest.length === 0) return { stdout: `${pod.spec.hostname ?? pod.metadata.name}\n`, ok: true };
  if (cmd === 'nslookup' && rest.length === 1)
    return nslookupOutput(view, rest[0] as string, pod.metadata.namespace ?? 'default');
  return `kubesim runs no processes; in a pod it answers hostname and nslookup NAME, not ${JSON.stringify(words.join(' '))}`;
}

export const EXEC_FLAGS = {
  values: ['container'],
  booleans: ['stdin', 'tty', 'quiet'],
  short: { c: 'container', i: 'stdin', t: 'tty', q: 'quiet' },
} as const;

/** `kubectl exec POD [-c CONTAINER] -- COMMAND [ARGS...]`. */
export function exec(args: ParsedArgs, ctx: KubectlContext): KubectlOutcome {
  const [target, ...command] = args.positionals;
  if (target === undefined) return failed('pod or type/name must be specified');
  if (command.length === 0) return failed('you must specify at least one command for the container');
  if (args.dashAt !== 1) {
    return failed('exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead');
  }
  const name = target.startsWith('pod/') ? target.slice(4) : target;
  const pod = ctx.view.get('Pod', ctx.namespace, name);
  if (pod === undefined) return failed(`Error from server (NotFound): pods ${JSON.stringify(name)} not found`);
  const container = flag(args, 'container') ?? pod.spec.containers[0]?.name ?? '';
  const running = pod.status?.containerStatuses?.find((c) => c.name === container)?.state?.running !== undefined;
  if (!running) return failed(`unable to upgrade connection: container not found (${JSON.stringify(container)})`);
  const r = runInPod(ctx.view, pod, command);
  if (typeof r === 'string') return failed(r);
  return r.ok ? printed(r.stdout) : { ...printed(r.stdout), error: 'command terminated with exit code 1', errorVerbatim: true };
}

export const RUN_FLAGS = {
  values: ['image', 'restart', 'labels', 'port', 'env'],
  booleans: ['rm', 'stdin', 'tty', 'attach', 'command'],
  short: { i: 'stdin', t: 'tty', l: 'labels' },
} as const;

/**
 * `kubectl run NAME --image=IMAGE [--restart=Never] [-l k=v] [--port=P] [-- ARGS...]` creates
 * the pod; with `-i --rm` and an nslookup it prints the answer and the pod's deletion, as the
 * StatefulSet tutorial's DNS check does (kubesim answers it at once, without a pod).
 */
export function run(args: ParsedArgs, ctx: KubectlContext): KubectlOutcome {
  const [name, ...command] = args.positionals;
  if (name === undefined) return failed("NAME is required for run\nSee 'kubectl run -h' for help and examples");
  const image = flag(args, 'image');
  if (image === undefined) return failed('required flag(s) "image" not set');
  const restart = flag(args, 'restart') ?? 'Always';
  if (!['Always', 'OnFailure', 'Never'].includes(restart)) return failed(`invalid restart policy: ${restart}`);
  const attached = bool(args, 'stdin') || bool(args, 'attach') || bool(args, 'tty');
  if (bool(args, 'rm') && !attached) return failed('--rm should only be used for attached containers');
  if (ctx.view.get('Pod', ctx.namespace, name) !== undefined) {
    return failed(`Error from server (AlreadyExists): pods ${JSON.stringify(name)} already exists`);
  }
  if (bool(args, 'rm')) {
    const pod = { metadata: { name, namespace: ctx.namespace }, spec: { containers: [] } } as unknown as Pod;
    const r = runInPod(ctx.view, pod, command);
    if (typeof r === 'string') return failed(r);
    const deleted = `pod ${JSON.stringify(name)} deleted from ${ctx.namespace} namespace\n`;
    // What kubectl attach says on stderr before the session (cmd/attach, v1.34).
    const attach = bool(args, 'tty')
      ? "All commands and output from this session will be recorded in container logs, including credentials and sensitive information passed through the command prompt.\nIf you don't see a command prompt, try pressing enter.\n"
      : '';
    const out = { ...printed(r.stdout + deleted), ...(attach ? { stderr: attach } : {}) };
    if (r.ok) return out;
    return { ...out, error: `pod ${ctx.namespace}/${name} terminated (Error)`, errorVerbatim: true };
  }
  const labels: Record<string, string> = { run: name };
  for (const l of (flag(args, 'labels') ?? '').split(',').filter((x) => x !== '')) {
    const [k, v] = l.split('=');
    if (k !== undefined) labels[k] = v ?? '';
  }
  const port = flag(args, 'port');
  const env = flagAll(args, 'env').map((e) => ({ name: e.split('=')[0] ?? '', value: e.slice(e.indexOf('=') + 1) }));
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ctx.namespace, labels },
    spec: {
      containers: [
        {
          name,
          image,
          ...(command.length > 0 ? { [bool(args, 'command') ? 'command' : 'args']: command } : {}),
          ...(port !== undefined ? { ports: [{ containerPort: Number(port) }] } : {}),
          ...(env.length > 0 ? { env } : {}),
        },
      ],
      restartPolicy: restart,
    },
  } as unknown as KubeObject;
  return wrote(`pod/${name} created\n`, { type: 'Create', object: pod });
}
