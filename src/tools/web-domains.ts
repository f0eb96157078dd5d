// An agent's allowed_domains and blocked_domains for web_fetch and web_search: an entry covers its host and every
// subdomain of it (`example.com` covers `docs.example.com`, never `badexample.com`); a web_search entry may add a path
// (`example.com/blog`), which covers that path and those under it.

export interface DomainPolicy {
  allowed_domains?: readonly string[];
  blocked_domains?: readonly string[];
}

/** Why the policy refuses `url`, or null when it may be used. */
export function domainPolicyProblem(url: URL, policy: DomainPolicy | undefined): string | null {
  const host = url.hostname.toLowerCase().replace(/\.+$/, "");
  if (policy?.allowed_domains && !policy.allowed_domains.some((entry) => covers(entry, host, url.pathname)))
    return `${host} is not in the agent's allowed_domains (${policy.allowed_domains.join(", ")})`;
  const blocked = policy?.blocked_domains?.find((entry) => covers(entry, host, url.pathname));
  if (blocked) return `${host} is blocked by the agent's blocked_domains (${blocked})`;
  return null;
}

function covers(entry: string, host: string, pathname: string): boolean {
  const slash = entry.indexOf("/");
  const domain = slash === -1 ? entry : entry.slice(0, slash);
  if (host !== domain && !host.endsWith(`.${domain}`)) return false;
  if (slash === -1) return true;
  const path = entry.slice(slash).replace(/\/+$/, "");
  return path === "" || pathname === path || pathname.startsWith(`${path}/`);
}
