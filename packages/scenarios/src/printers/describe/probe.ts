import type { Probe } from '@kubesim/core';

/**
 * DescribeProbe: the handler, then `delay=0s timeout=1s period=10s #success=1 #failure=3`
 * from the stored (defaulted) fields.
 */
export function describeProbe(p: Probe): string {
  const attrs =
    `delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 0}s period=${p.periodSeconds ?? 0}s ` +
    `#success=${p.successThreshold ?? 0} #failure=${p.failureThreshold ?? 0}`;
  if (p.exec) return `exec [${(p.exec.command ?? []).join(' ')}] ${attrs}`;
  if (p.httpGet) {
    const g = p.httpGet as typeof p.httpGet & { host?: string };
    // url.URL{Scheme, Host: JoinHostPort(host, port), Path}.String()
    const host = joinHostPort(g.host ?? '', String(g.port));
    const scheme = (g.scheme ?? '').toLowerCase();
    const path = g.path ?? '';
    const url = `${scheme ? `${scheme}:` : ''}//${host}${path && !path.startsWith('/') ? `/${path}` : path}`;
    return `http-get ${url} ${attrs}`;
  }
  if (p.tcpSocket) {
    const t = p.tcpSocket as typeof p.tcpSocket & { host?: string };
    return `tcp-socket ${t.host ?? ''}:${String(t.port)} ${attrs}`;
  }
  if (p.grpc) {
    const g = p.grpc as typeof p.grpc & { service?: string };
    return `grpc <pod>:${g.port} ${g.service ?? ''} ${attrs}`;
  }
  return `unknown ${attrs}`;
}

/** net.JoinHostPort: IPv6 hosts go in brackets. */
function joinHostPort(host: string, port: string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
