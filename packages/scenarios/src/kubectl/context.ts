import type { ClusterView, KubeObject, Millis, RandomStream } from '@kubesim/core';

/** What a kubectl command can see and use: the cluster at the step's time, and the scenario's files. */
export interface KubectlContext {
  readonly view: ClusterView;
  readonly now: Millis;
  /** The namespace kubectl's context points at (`-n` overrides it). */
  readonly namespace: string;
  /** The objects of a manifest file (`-f`), resolved against the scenario; throws a located error. */
  readFile(path: string): KubeObject[];
  /** For what kubectl itself makes up at random (a container-name suffix). */
  readonly random: RandomStream;
}
