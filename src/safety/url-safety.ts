// SSRF guard for every URL Lucid calls out to (webhook endpoints, MCP servers, OAuth token endpoints): only public https
// hosts by name on safe ports, or loopback when local development allows it.

/** Where an address points, for the ranges an outbound call must never reach. */
type AddressRange = "public" | "loopback" | "private" | "link-local" | "carrier-grade NAT" | "unspecified" | "reserved";

/** Names that reach the machine itself, its cloud metadata service or a local network instead of the internet. */
const LOCAL_NAME_SUFFIXES = [".localhost", ".internal", ".local", ".localdomain", ".home.arpa"];
const LOCAL_NAMES = new Set(["localhost", "metadata", "instance-data"]);

/**
 * Unprivileged ports of services that listen inside networks (databases, caches, container and cluster control planes).
 * A public receiver uses 443 or another unprivileged port; privileged ports other than 443 (ssh, smtp, http) are refused.
 */
const INTERNAL_SERVICE_PORTS = new Set([
  1433, 1521, 2375, 2376, 2379, 2380, 3306, 3389, 5432, 5672, 5984, 6379, 6443, 8500, 9042, 9092, 9200, 9300, 10250, 11211, 15672, 27017,
]);

/**
 * Why Lucid may not call `raw` (deliver a webhook to it, connect to it as an MCP client), or null when it may. IP-address hosts are refused outright (a public receiver
 * has a name, and its TLS certificate needs one), which also refuses every private, loopback, link-local, CGNAT and
 * metadata address in any spelling; `allowLoopback` (local development) lets http and https reach this machine.
 */
export function outboundUrlProblem(raw: string, allowLoopback: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "is not a valid absolute URL";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "must use https://";
  if (url.username || url.password || /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(raw)) return "must not contain a user name or password";
  // A fragment is never sent; refusing it leaves no `#@host` trick for a reader (or another parser) to misread.
  if (url.hash || raw.includes("#")) return "must not contain a fragment (#)";
  const host = url.hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, "")
    .replace(/\.+$/, "");
  if (!host) return "must name a host";
  const range = addressRange(host);
  const loopback = range === "loopback" || isLoopbackName(host);
  if (loopback && allowLoopback) return null;
  if (range === "loopback" || range === "private" || range === "link-local" || range === "carrier-grade NAT") {
    return `must not point at a ${range} address`;
  }
  if (url.protocol !== "https:") return allowLoopback ? "must use https:// (http:// is allowed only to this machine)" : "must use https://";
  if (range) return "must name its host, not an IP address";
  if (loopback || LOCAL_NAMES.has(host) || LOCAL_NAME_SUFFIXES.some((suffix) => host.endsWith(suffix))) {
    return `must not point at a local or internal host ('${host}')`;
  }
  if (!host.includes(".")) return `must name a fully qualified host ('${host}' has no domain)`;
  return portProblem(url.port);
}

/** The URL parser leaves `port` empty for the scheme's default (443 here). */
function portProblem(port: string): string | null {
  if (port === "") return null;
  const number = Number(port);
  if (number < 1024 && number !== 443) return `must use port 443 or an unprivileged port (not ${number})`;
  if (INTERNAL_SERVICE_PORTS.has(number)) return `must not use port ${number}, which belongs to an internal service`;
  return null;
}

function isLoopbackName(host: string): boolean {
  return host === "localhost" || host.endsWith(".localhost");
}

/** The range of an IP-address host, or null when the host is a name. */
function addressRange(host: string): AddressRange | null {
  const v4 = parseIpv4(host);
  if (v4 !== null) return ipv4Range(v4);
  const v6 = host.includes(":") ? parseIpv6(host) : null;
  return v6 ? ipv6Range(v6) : null;
}

/** IPv4 in every form `inet_aton` accepts (the URL parser normalises them too; this does not rely on it). */
function parseIpv4(host: string): number | null {
  const parts = host.split(".");
  if (parts.length > 4 || parts.some((part) => part === "")) return null;
  const numbers: number[] = [];
  for (const part of parts) {
    const match = /^(0x[0-9a-f]*|0[0-7]*|[1-9][0-9]*)$/i.exec(part);
    if (!match) return null;
    const value = /^0x/i.test(part) ? parseInt(part.slice(2) || "0", 16) : part.startsWith("0") ? parseInt(part, 8) : parseInt(part, 10);
    numbers.push(value);
  }
  const last = numbers.pop()!;
  if (numbers.some((value) => value > 255) || last >= 2 ** (8 * (4 - numbers.length))) return null;
  return numbers.reduce((sum, value, index) => sum + value * 2 ** (8 * (3 - index)), 0) + last;
}

function ipv4Range(address: number): AddressRange {
  const [a, b] = [address >>> 24, (address >>> 16) & 0xff];
  if (a === 127) return "loopback";
  if (a === 0) return "unspecified";
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return "private";
  if (a === 169 && b === 254) return "link-local"; // includes the cloud metadata address 169.254.169.254
  if (a === 100 && b >= 64 && b <= 127) return "carrier-grade NAT";
  if (a >= 224 || (a === 198 && (b === 18 || b === 19)) || (a === 192 && b === 0)) return "reserved";
  return "public";
}

/** Eight 16-bit groups, or null when `host` is not an IPv6 address. */
function parseIpv6(host: string): number[] | null {
  const address = host.replace(/%.*$/, "");
  const halves = address.split("::");
  if (halves.length > 2) return null;
  const groupsOf = (text: string): number[] | null => {
    if (text === "") return [];
    const groups: number[] = [];
    const pieces = text.split(":");
    for (const [index, piece] of pieces.entries()) {
      if (index === pieces.length - 1 && piece.includes(".")) {
        const v4 = parseIpv4(piece);
        if (v4 === null || piece.split(".").length !== 4) return null;
        groups.push(v4 >>> 16, v4 & 0xffff);
      } else if (/^[0-9a-f]{1,4}$/i.test(piece)) groups.push(parseInt(piece, 16));
      else return null;
    }
    return groups;
  };
  const head = groupsOf(halves[0]!);
  const tail = halves.length === 2 ? groupsOf(halves[1]!) : [];
  if (!head || !tail) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  return [...head, ...Array<number>(missing).fill(0), ...tail];
}

function ipv6Range(groups: number[]): AddressRange {
  const embeddedV4 = (groups[6]! << 16) + groups[7]!;
  const allZeroBefore = (count: number) => groups.slice(0, count).every((group) => group === 0);
  if (allZeroBefore(7) && groups[7] === 1) return "loopback";
  if (allZeroBefore(8)) return "unspecified";
  // IPv4-mapped (::ffff:a.b.c.d), IPv4-translated (::ffff:0:a.b.c.d), IPv4-compatible (::a.b.c.d) and NAT64
  // (64:ff9b::a.b.c.d) reach an IPv4 address.
  if (allZeroBefore(5) && groups[5] === 0xffff) return ipv4Range(embeddedV4 >>> 0);
  if (allZeroBefore(4) && groups[4] === 0xffff && groups[5] === 0) return ipv4Range(embeddedV4 >>> 0);
  if (allZeroBefore(6)) return ipv4Range(embeddedV4 >>> 0);
  if (groups[0] === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((group) => group === 0)) return ipv4Range(embeddedV4 >>> 0);
  if ((groups[0]! & 0xfe00) === 0xfc00) return "private"; // unique local fc00::/7 (includes fd00:ec2::254, AWS metadata)
  if ((groups[0]! & 0xffc0) === 0xfe80) return "link-local";
  if ((groups[0]! & 0xff00) === 0xff00 || groups[0] === 0x2002 || (groups[0] === 0x2001 && groups[1] === 0)) return "reserved";
  return "public";
}
