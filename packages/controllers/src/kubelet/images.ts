import { fnv32a } from '@kubesim/core';

/**
 * Image references as the container runtime reports them: `nginx:1.14.2` becomes
 * `docker.io/library/nginx:1.14.2`, and IDs are sha256 digests. The digests are derived
 * from the reference, so the same image always gets the same ID.
 */
export function normalizeImage(image: string): string {
  let ref = image;
  const firstSlash = ref.indexOf('/');
  const first = firstSlash < 0 ? '' : ref.slice(0, firstSlash);
  const hasRegistry = first.includes('.') || first.includes(':') || first === 'localhost';
  if (firstSlash < 0) ref = `docker.io/library/${ref}`;
  else if (!hasRegistry) ref = `docker.io/${ref}`;
  const lastSlash = ref.lastIndexOf('/');
  if (!ref.includes('@') && ref.lastIndexOf(':') < lastSlash) ref = `${ref}:latest`;
  return ref;
}

/** 64 hex characters derived from a text (a stand-in for a sha256 digest). */
export function digest(text: string): string {
  let out = '';
  for (let i = 0; out.length < 64; i++) out += fnv32a(`${i}\u0000${text}`).toString(16).padStart(8, '0');
  return out.slice(0, 64);
}

export function imageID(image: string): string {
  const ref = normalizeImage(image);
  const at = ref.indexOf('@');
  const repo = at >= 0 ? ref.slice(0, at) : ref.slice(0, ref.lastIndexOf(':'));
  return `${repo}@sha256:${digest(ref)}`;
}

export function containerID(podUid: string, container: string, restartCount: number): string {
  return `containerd://${digest(`${podUid}/${container}/${restartCount}`)}`;
}
