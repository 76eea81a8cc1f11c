import { fnv32a } from '@kubesim/core';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { containerID, digest, imageID, normalizeImage } from './images.js';

/** The digest as first written: eight FNV-32a words of `<i>\0<text>`, concatenated. */
function referenceDigest(text: string): string {
  let out = '';
  for (let i = 0; out.length < 64; i++) out += fnv32a(`${i}\u0000${text}`).toString(16).padStart(8, '0');
  return out.slice(0, 64);
}

describe('kubelet image and container IDs', () => {
  it('digest is the eight-word FNV digest, for ASCII and any other text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' })), (text) => {
        expect(digest(text)).toBe(referenceDigest(text));
      }),
    );
  });

  it('names image IDs and container IDs as containerd reports them', () => {
    expect(normalizeImage('nginx:1.25')).toBe('docker.io/library/nginx:1.25');
    expect(normalizeImage('bitnami/redis')).toBe('docker.io/bitnami/redis:latest');
    expect(normalizeImage('registry.local:5000/app@sha256:abc')).toBe('registry.local:5000/app@sha256:abc');
    expect(imageID('nginx:1.25')).toBe(`docker.io/library/nginx@sha256:${referenceDigest('docker.io/library/nginx:1.25')}`);
    expect(containerID('uid-1', 'app', 2)).toBe(`containerd://${referenceDigest('uid-1/app/2')}`);
  });
});
