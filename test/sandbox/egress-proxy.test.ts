import { describe, expect, it } from "vitest";
import { parseAvailableKb } from "../../src/sandbox/disk.ts";
import {
  blockedReport,
  DEFAULT_EGRESS_ALLOW,
  parseAccessLog,
  parseEgressAllow,
  squidConfig,
} from "../../src/sandbox/egress-proxy.ts";

// Lines as squid 5.7 (Debian bookworm) wrote them in the proxy container.
const ACCESS_LOG = `1796160548.136      0 172.19.0.3 NONE_NONE/500 0 CONNECT pypi.org:443 - HIER_NONE/- -
1796160548.997      1 172.19.0.3 TCP_DENIED/403 3447 CONNECT evil.example:443 - HIER_NONE/- text/html
1796160549.524      1 172.19.0.3 TCP_DENIED/403 3443 CONNECT 172.17.0.1:443 - HIER_NONE/- text/html
1796160549.600      1 172.19.0.3 TCP_DENIED/403 3443 CONNECT evil.example:443 - HIER_NONE/- text/html
1796160549.921      0 172.19.0.3 TCP_MISS/502 3438 GET http://files.pythonhosted.org/x - HIER_NONE/- text/html
`;

describe("egress allowlist", () => {
  it("accepts host names and *. wildcards, lower-cased and deduplicated", () => {
    expect(parseEgressAllow(" PyPI.org, *.pythonhosted.org,,pypi.org ")).toEqual([
      "pypi.org",
      "*.pythonhosted.org",
    ]);
  });

  it.each([
    "172.17.0.1",
    "10.0.0.1",
    "[::1]",
    "localhost",
    "pypi.org:443",
    "*",
    "*.org.",
    "http://pypi.org",
    "pypi.org/simple",
  ])("refuses %j, naming it", (pattern) => {
    expect(() => parseEgressAllow(pattern)).toThrow(JSON.stringify(pattern));
  });

  it("defaults to the registries of PyPI, npm, Maven Central and the Go proxy", () => {
    expect(DEFAULT_EGRESS_ALLOW).toEqual(
      expect.arrayContaining([
        "pypi.org",
        "files.pythonhosted.org",
        "registry.npmjs.org",
        "repo.maven.apache.org",
        "repo1.maven.org",
        "proxy.golang.org",
        "sum.golang.org",
      ]),
    );
  });

  it("writes squid ACLs that deny private destinations before allowing the list", () => {
    const config = squidConfig(["pypi.org", "*.pythonhosted.org", "files.pythonhosted.org"]);
    const rules = config.split("\n").filter((line) => line.startsWith("http_access"));
    expect(rules).toEqual([
      "http_access deny !web_ports",
      "http_access deny CONNECT !tls_port",
      "http_access deny private_dst",
      "http_access allow allowed_hosts",
      "http_access deny all",
    ]);
    // squid refuses a name that a wildcard of the same ACL already covers.
    expect(config).toContain("acl allowed_hosts dstdomain pypi.org .pythonhosted.org\n");
    expect(config).toMatch(/acl private_dst dst .*127\.0\.0\.0\/8 .*172\.16\.0\.0\/12/);
  });

  it("denies everything when the allowlist is empty", () => {
    const rules = squidConfig([])
      .split("\n")
      .filter((line) => line.startsWith("http_access"));
    expect(rules.at(-1)).toBe("http_access deny all");
    expect(rules.some((rule) => rule.startsWith("http_access allow"))).toBe(false);
  });
});

describe("proxy decisions", () => {
  it("reads allowed and denied requests from squid's access log", () => {
    expect(parseAccessLog(`${ACCESS_LOG}2026/12/01 squid starting\n`)).toEqual([
      { allowed: true, method: "CONNECT", target: "pypi.org:443", status: "NONE_NONE/500" },
      { allowed: false, method: "CONNECT", target: "evil.example:443", status: "TCP_DENIED/403" },
      { allowed: false, method: "CONNECT", target: "172.17.0.1:443", status: "TCP_DENIED/403" },
      { allowed: false, method: "CONNECT", target: "evil.example:443", status: "TCP_DENIED/403" },
      {
        allowed: true,
        method: "GET",
        target: "http://files.pythonhosted.org/x",
        status: "TCP_MISS/502",
      },
    ]);
  });

  it("reports each blocked request once, and nothing when none was", () => {
    expect(blockedReport(parseAccessLog(ACCESS_LOG))).toBe(
      "[sandbox] the egress proxy blocked 2 request(s) from the install: CONNECT evil.example:443, CONNECT 172.17.0.1:443. Only package registries on the operator's allowlist (SANDBOX_EGRESS_ALLOW) are reachable; the host, private addresses and other containers never are.",
    );
    expect(blockedReport(parseAccessLog(ACCESS_LOG.split("\n")[0] ?? ""))).toBeNull();
  });
});

describe("disk usage", () => {
  it("reads the available kilobytes from df -P", () => {
    const df =
      "Filesystem     1024-blocks  Used Available Capacity Mounted on\ntmpfs               65536 65536         0     100% /sandbox\n";
    expect(parseAvailableKb(df)).toBe(0);
    expect(parseAvailableKb("garbage")).toBeNull();
  });
});
