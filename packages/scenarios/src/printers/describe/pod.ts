import { type ClusterView, type Millis, type Pod, qosClass } from '@kubesim/core';
import { formatRFC1123Z } from '../rfc1123.js';
import { describeContainers } from './containers.js';
import { describeEvents } from './events.js';
import { controllerString, since } from './format.js';
import { printAnnotationsMultiline, printLabelsMultiline, printTolerationsMultiline } from './multiline.js';
import { describeTopologySpreadConstraints } from './scheduling.js';
import { describeVolumes } from './volumes.js';
import { LEVEL_0, LEVEL_1, type PrefixWriter, tabbedString } from './writer.js';

/** describePod: identity and placement, status, containers with their states, conditions, volumes, scheduling. */
export function describePod(view: ClusterView, pod: Pod, now: Millis): string {
  const spec = pod.spec;
  const status = pod.status ?? {};
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${pod.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${pod.metadata.namespace ?? ''}\n`);
    if (spec.priority !== undefined) w.write(LEVEL_0, `Priority:\t${spec.priority}\n`);
    const priorityClassName = spec.priorityClassName as string | undefined;
    if (priorityClassName) w.write(LEVEL_0, `Priority Class Name:\t${priorityClassName}\n`);
    const runtimeClassName = spec.runtimeClassName as string | undefined;
    if (runtimeClassName) w.write(LEVEL_0, `Runtime Class Name:\t${runtimeClassName}\n`);
    if (spec.serviceAccountName) w.write(LEVEL_0, `Service Account:\t${spec.serviceAccountName}\n`);
    w.write(LEVEL_0, spec.nodeName ? `Node:\t${spec.nodeName}/${status.hostIP ?? ''}\n` : 'Node:\t<none>\n');
    if (status.startTime !== undefined) w.write(LEVEL_0, `Start Time:\t${formatRFC1123Z(status.startTime, view.startTime)}\n`);
    printLabelsMultiline(w, 'Labels', pod.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', pod.metadata.annotations);
    describePodStatus(pod, w, now);
    w.write(LEVEL_0, `IP:\t${status.podIP ?? ''}\n`);
    const ips = status.podIPs ?? [];
    if (ips.length === 0) w.write(LEVEL_0, 'IPs:\t<none>\n');
    else {
      w.write(LEVEL_0, 'IPs:\n');
      for (const ip of ips) w.write(LEVEL_1, `IP:\t${ip.ip}\n`);
    }
    const controlledBy = controllerString(pod);
    if (controlledBy) w.write(LEVEL_0, `Controlled By:\t${controlledBy}\n`);
    if (status.nominatedNodeName) w.write(LEVEL_0, `NominatedNodeName:\t${status.nominatedNodeName}\n`);
    if ((spec.initContainers ?? []).length > 0) {
      describeContainers('Init Containers', spec.initContainers ?? [], status.initContainerStatuses, pod, w, '', view.startTime);
    }
    describeContainers('Containers', spec.containers, status.containerStatuses ?? [], pod, w, '', view.startTime);
    describePodConditions(pod, w);
    describeVolumes(spec.volumes, w, '');
    w.write(LEVEL_0, `QoS Class:\t${qosClass(pod)}\n`);
    printLabelsMultiline(w, 'Node-Selectors', spec.nodeSelector);
    printTolerationsMultiline(w, 'Tolerations', spec.tolerations);
    describeTopologySpreadConstraints(spec, w, '');
    describeEvents(view.eventsFor(pod.metadata.uid ?? ''), w, now);
  });
}

function describePodStatus(pod: Pod, w: PrefixWriter, now: Millis): void {
  const status = pod.status ?? {};
  const deleting = pod.metadata.deletionTimestamp;
  if (deleting !== undefined && status.phase !== 'Failed' && status.phase !== 'Succeeded') {
    // `lasts` is the time since the deletion timestamp, which the API server sets in the future.
    w.write(LEVEL_0, `Status:\tTerminating (lasts ${since(deleting, now)})\n`);
    const grace = pod.metadata.deletionGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30;
    w.write(LEVEL_0, `Termination Grace Period:\t${grace}s\n`);
  } else {
    w.write(LEVEL_0, `Status:\t${status.phase ?? ''}\n`);
  }
  if (status.reason) w.write(LEVEL_0, `Reason:\t${status.reason}\n`);
  if (status.message) w.write(LEVEL_0, `Message:\t${status.message}\n`);
  const seccomp = (pod.spec.securityContext as { seccompProfile?: { type?: string; localhostProfile?: string } } | undefined)
    ?.seccompProfile;
  if (seccomp !== undefined) {
    w.write(LEVEL_0, `SeccompProfile:\t${seccomp.type ?? ''}\n`);
    if (seccomp.type === 'Localhost') w.write(LEVEL_0, `LocalhostProfile:\t${seccomp.localhostProfile ?? ''}\n`);
  }
}

/** Readiness gates and conditions; rows end `"%v \t%v \n"`, so a space trails each status. */
function describePodConditions(pod: Pod, w: PrefixWriter): void {
  const conditions = pod.status?.conditions ?? [];
  const gates = pod.spec.readinessGates ?? [];
  if (gates.length > 0) {
    w.write(LEVEL_0, 'Readiness Gates:\n  Type\tStatus\n');
    for (const g of gates) {
      const c = conditions.find((x) => x.type === g.conditionType);
      w.write(LEVEL_1, `${g.conditionType} \t${c?.status ?? '<none>'} \n`);
    }
  }
  if (conditions.length > 0) {
    w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\n');
    for (const c of conditions) w.write(LEVEL_1, `${c.type} \t${c.status} \n`);
  }
}
