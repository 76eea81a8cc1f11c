import { describe, expect, it } from 'vitest';
import { describeProbe } from './probe.js';

describe('DescribeProbe', () => {
  const timing = { timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 };

  it('prints each handler as kubectl does, then the timing', () => {
    expect(describeProbe({ ...timing, httpGet: { path: '/healthz', port: 8080, scheme: 'HTTP' } })).toBe(
      'http-get http://:8080/healthz delay=0s timeout=1s period=10s #success=1 #failure=3',
    );
    expect(describeProbe({ ...timing, initialDelaySeconds: 5, tcpSocket: { port: 'db' } })).toBe(
      'tcp-socket :db delay=5s timeout=1s period=10s #success=1 #failure=3',
    );
    expect(describeProbe({ ...timing, exec: { command: ['cat', '/tmp/healthy'] } })).toBe(
      'exec [cat /tmp/healthy] delay=0s timeout=1s period=10s #success=1 #failure=3',
    );
  });
});
