import type { Container, ContainerPort, ContainerState, ContainerStatus, Pod, ResourceRequirements } from '@kubesim/core';
import { formatRFC1123Z } from '../rfc1123.js';
import { describeContainerEnvFrom, describeContainerEnvVars } from './env.js';
import { printBool, quantityString, stringOrNone } from './format.js';
import { describeProbe } from './probe.js';
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, type PrefixWriter } from './writer.js';

/**
 * describeContainers: a pod's containers with their statuses, or a template's without
 * (`space` is the template's two-space indent, which also shifts each name one space right).
 */
export function describeContainers(
  label: string,
  containers: readonly Container[],
  statuses: readonly ContainerStatus[] | undefined,
  pod: Pod | undefined,
  w: PrefixWriter,
  space: string,
  /** The run's wall-clock start, for the container states' times. */
  startTime?: number,
): void {
  w.write(LEVEL_0, `${space}${label}:${containers.length === 0 ? ' <none>' : ''}\n`);
  for (const c of containers) {
    const status = statuses?.find((s) => s.name === c.name);
    describeContainerBasicInfo(c, status, space, w);
    describeContainerCommand(c, w);
    if (status !== undefined) describeContainerState(status, w, startTime);
    describeResources(c.resources, w, LEVEL_2);
    describeContainerProbes(c, w);
    describeContainerEnvFrom(c, w);
    describeContainerEnvVars(c, pod, w);
    describeContainerVolumes(c, w);
  }
}

/** `80/TCP (http)` per port, joined by `, `; the host ports likewise (a port with none is `0/TCP`). */
function portsString(ports: readonly ContainerPort[] | undefined, pick: (p: ContainerPort) => number): string {
  return (ports ?? []).map((p) => `${pick(p)}/${p.protocol ?? ''}${p.name ? ` (${p.name})` : ''}`).join(', ');
}

function describeContainerBasicInfo(c: Container, status: ContainerStatus | undefined, space: string, w: PrefixWriter): void {
  w.write(LEVEL_1, `${space ? ' ' : ''}${c.name}:\n`);
  if (status !== undefined) w.write(LEVEL_2, `Container ID:\t${status.containerID ?? ''}\n`);
  w.write(LEVEL_2, `Image:\t${c.image ?? ''}\n`);
  if (status !== undefined) w.write(LEVEL_2, `Image ID:\t${status.imageID}\n`);
  const ports = portsString(c.ports, (p) => p.containerPort);
  w.write(LEVEL_2, ports.includes(',') ? `Ports:\t${ports}\n` : `Port:\t${stringOrNone(ports)}\n`);
  const hostPorts = portsString(c.ports, (p) => p.hostPort ?? 0);
  w.write(LEVEL_2, hostPorts.includes(',') ? `Host Ports:\t${hostPorts}\n` : `Host Port:\t${stringOrNone(hostPorts)}\n`);
  const seccomp = (c.securityContext as { seccompProfile?: { type?: string; localhostProfile?: string } } | undefined)
    ?.seccompProfile;
  if (seccomp !== undefined) {
    w.write(LEVEL_2, `SeccompProfile:\t${seccomp.type ?? ''}\n`);
    if (seccomp.type === 'Localhost') w.write(LEVEL_3, `LocalhostProfile:\t${seccomp.localhostProfile ?? ''}\n`);
  }
}

function describeContainerCommand(c: Container, w: PrefixWriter): void {
  for (const [title, items] of [
    ['Command', c.command],
    ['Args', c.args],
  ] as const) {
    if (items === undefined || items.length === 0) continue;
    w.write(LEVEL_2, `${title}:\n`);
    for (const item of items) for (const s of item.split('\n')) w.write(LEVEL_3, `${s}\n`);
  }
}

/** describeResources: `Limits:` and `Requests:`, each resource sorted by name. */
export function describeResources(r: ResourceRequirements | undefined, w: PrefixWriter, level: number): void {
  for (const [title, list] of [
    ['Limits', r?.limits],
    ['Requests', r?.requests],
  ] as const) {
    const names = Object.keys(list ?? {}).sort();
    if (names.length === 0) continue;
    w.write(level, `${title}:\n`);
    for (const n of names) w.write(level + 1, `${n}:\t${quantityString(list?.[n])}\n`);
  }
}

function describeContainerState(s: ContainerStatus, w: PrefixWriter, startTime: number | undefined): void {
  describeStatus('State', s.state, w, startTime);
  if (s.lastState.terminated !== undefined) describeStatus('Last State', s.lastState, w, startTime);
  w.write(LEVEL_2, `Ready:\t${printBool(s.ready)}\n`);
  w.write(LEVEL_2, `Restart Count:\t${s.restartCount}\n`);
}

function describeStatus(name: string, state: ContainerState, w: PrefixWriter, startTime: number | undefined): void {
  if (state.running !== undefined) {
    w.write(LEVEL_2, `${name}:\tRunning\n`);
    w.write(LEVEL_3, `Started:\t${formatRFC1123Z(state.running.startedAt, startTime)}\n`);
  } else if (state.waiting !== undefined) {
    w.write(LEVEL_2, `${name}:\tWaiting\n`);
    if (state.waiting.reason) w.write(LEVEL_3, `Reason:\t${state.waiting.reason}\n`);
  } else if (state.terminated !== undefined) {
    const t = state.terminated as typeof state.terminated & { signal?: number };
    w.write(LEVEL_2, `${name}:\tTerminated\n`);
    if (t.reason) w.write(LEVEL_3, `Reason:\t${t.reason}\n`);
    if (t.message) w.write(LEVEL_3, `Message:\t${t.message}\n`);
    w.write(LEVEL_3, `Exit Code:\t${t.exitCode}\n`);
    if (t.signal !== undefined && t.signal > 0) w.write(LEVEL_3, `Signal:\t${t.signal}\n`);
    w.write(LEVEL_3, `Started:\t${formatRFC1123Z(t.startedAt, startTime)}\n`);
    w.write(LEVEL_3, `Finished:\t${formatRFC1123Z(t.finishedAt, startTime)}\n`);
  } else {
    w.write(LEVEL_2, `${name}:\tWaiting\n`);
  }
}

function describeContainerProbes(c: Container, w: PrefixWriter): void {
  if (c.livenessProbe) w.write(LEVEL_2, `Liveness:\t${describeProbe(c.livenessProbe)}\n`);
  if (c.readinessProbe) w.write(LEVEL_2, `Readiness:\t${describeProbe(c.readinessProbe)}\n`);
  if (c.startupProbe) w.write(LEVEL_2, `Startup:\t${describeProbe(c.startupProbe)}\n`);
}

/** `Mounts:` sorted by path: `/data from data (rw)`, `(ro,path="sub")` with a sub-path. */
function describeContainerVolumes(c: Container, w: PrefixWriter): void {
  const mounts = [...(c.volumeMounts ?? [])].sort((a, b) => (a.mountPath < b.mountPath ? -1 : a.mountPath > b.mountPath ? 1 : 0));
  w.write(LEVEL_2, `Mounts:${mounts.length === 0 ? '\t<none>' : ''}\n`);
  for (const m of mounts) {
    const flags = [m.readOnly ? 'ro' : 'rw'];
    if (m.subPath) flags.push(`path=${JSON.stringify(m.subPath)}`);
    w.write(LEVEL_3, `${m.mountPath} from ${m.name} (${flags.join(',')})\n`);
  }
  const devices = (c.volumeDevices as { name: string; devicePath: string }[] | undefined) ?? [];
  if (devices.length > 0) {
    // Upstream reuses the mounts' `<none>` here.
    w.write(LEVEL_2, `Devices:${mounts.length === 0 ? '\t<none>' : ''}\n`);
    for (const d of [...devices].sort((a, b) => (a.devicePath < b.devicePath ? -1 : 1))) {
      w.write(LEVEL_3, `${d.devicePath} from ${d.name}\n`);
    }
  }
}
