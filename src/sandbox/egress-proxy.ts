/** The egress allowlist of networked installs and the squid configuration that enforces it. */

export const PROXY_PORT = 3128;

/** Package registries a networked install may reach unless the operator says otherwise. */
export const DEFAULT_EGRESS_ALLOW: readonly string[] = [
  "pypi.org",
  "files.pythonhosted.org",
  "registry.npmjs.org",
  "repo.maven.apache.org",
  "repo1.maven.org",
  "proxy.golang.org",
  "sum.golang.org",
];

// Host names only, optionally "*." for a domain and its subdomains: no IP literals, no ports.
const HOST_PATTERN = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/;

/** SANDBOX_EGRESS_ALLOW: comma-separated host patterns; throws naming the first bad one. */
export function parseEgressAllow(text: string): string[] {
  const patterns = text
    .split(",")
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry !== "");
  for (const pattern of patterns) {
    if (!HOST_PATTERN.test(pattern)) {
      throw new Error(
        `${JSON.stringify(pattern)} is not a host name pattern (expected e.g. pypi.org or *.pythonhosted.org; IP addresses are never allowed)`,
      );
    }
  }
  return [...new Set(patterns)];
}

/** Squid's dstdomain form: ".x" matches x and its subdomains; entries a wildcard covers go. */
function squidDomains(allow: readonly string[]): string[] {
  const wildcards = allow.filter((entry) => entry.startsWith("*.")).map((entry) => entry.slice(2));
  const covered = (host: string, exceptSelf: string | null) =>
    wildcards.some(
      (domain) => domain !== exceptSelf && (host === domain || host.endsWith(`.${domain}`)),
    );
  return allow.flatMap((entry) => {
    if (entry.startsWith("*.")) {
      const domain = entry.slice(2);
      return covered(domain, domain) ? [] : [`.${domain}`];
    }
    return covered(entry, null) ? [] : [entry];
  });
}

// Loopback, private, link-local, CGNAT, multicast and reserved ranges: a name on the allowlist
// that resolves into one of them (DNS rebinding, a hostile resolver) is still refused.
const PRIVATE_RANGES = [
  "0.0.0.0/8",
  "10.0.0.0/8",
  "100.64.0.0/10",
  "127.0.0.0/8",
  "169.254.0.0/16",
  "172.16.0.0/12",
  "192.0.0.0/24",
  "192.168.0.0/16",
  "198.18.0.0/15",
  "224.0.0.0/4",
  "240.0.0.0/4",
  "::/128",
  "::1",
  "::ffff:0:0/96",
  "fc00::/7",
  "fe80::/10",
];

/** Forward proxy only: allowlisted names on ports 80 and 443 (CONNECT on 443), nothing cached. */
export function squidConfig(allow: readonly string[]): string {
  const domains = squidDomains(allow);
  return [
    "visible_hostname egress-proxy",
    `http_port ${PROXY_PORT}`,
    "pid_filename /run/squid/squid.pid",
    "coredump_dir /run/squid",
    "cache deny all",
    "cache_mem 8 MB",
    "pinger_enable off",
    "shutdown_lifetime 0 seconds",
    "logfile_rotate 0",
    "cache_log stdio:/dev/stderr",
    "access_log stdio:/dev/stdout squid",
    "via off",
    "forwarded_for delete",
    `acl private_dst dst ${PRIVATE_RANGES.join(" ")}`,
    "acl web_ports port 80 443",
    "acl tls_port port 443",
    "acl CONNECT method CONNECT",
    ...(domains.length > 0 ? [`acl allowed_hosts dstdomain ${domains.join(" ")}`] : []),
    "http_access deny !web_ports",
    "http_access deny CONNECT !tls_port",
    "http_access deny private_dst",
    ...(domains.length > 0 ? ["http_access allow allowed_hosts"] : []),
    "http_access deny all",
  ].join("\n");
}

export type EgressDecision = { allowed: boolean; method: string; target: string; status: string };

/** Squid's native access log: time elapsed client code/status bytes method URL ... */
export function parseAccessLog(text: string): EgressDecision[] {
  return text.split("\n").flatMap((line) => {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 7 || !/^\d+\.\d+$/.test(fields[0] ?? "")) return [];
    const [, , , status = "", , method = "", target = ""] = fields;
    return [{ allowed: !status.startsWith("TCP_DENIED"), method, target, status }];
  });
}

const MAX_REPORTED = 20;

/** The line appended to the install's output when the proxy refused something; null if not. */
export function blockedReport(decisions: readonly EgressDecision[]): string | null {
  const blocked = [
    ...new Set(
      decisions
        .filter((decision) => !decision.allowed)
        .map((decision) => `${decision.method} ${decision.target}`),
    ),
  ];
  if (blocked.length === 0) return null;
  const shown = blocked.slice(0, MAX_REPORTED).join(", ");
  const more = blocked.length > MAX_REPORTED ? ` and ${blocked.length - MAX_REPORTED} more` : "";
  return `[sandbox] the egress proxy blocked ${blocked.length} request(s) from the install: ${shown}${more}. Only package registries on the operator's allowlist (SANDBOX_EGRESS_ALLOW) are reachable; the host, private addresses and other containers never are.`;
}
