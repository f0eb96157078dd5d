// SSRF refusals: webhook URLs may reach only public https hosts by name (or this machine, when developing locally).
import { describe, expect, it } from "vitest";
import { outboundUrlProblem } from "../../src/safety/url-safety";
import { api } from "../fixtures/lucid";

const REFUSED = [
  "http://hooks.example.com/x", // plain http to the internet
  "ftp://hooks.example.com/x",
  "not a url",
  "https://user:pass@hooks.example.com/x",
  "https://user@hooks.example.com/x",
  "https://@hooks.example.com/x",
  "https://hooks.example.com\\@127.0.0.1/x",
  "https://localhost/x",
  "https://LOCALHOST./x",
  "https://api.localhost/x",
  "https://metadata.google.internal/computeMetadata/v1/",
  "https://metadata.google.internal./x",
  "https://metadata/x",
  "https://printer.local/x",
  "https://intranet/x",
  "https://127.0.0.1/x",
  "https://127.1/x",
  "https://2130706433/x", // 127.0.0.1 in decimal
  "https://0x7f000001/x", // in hex
  "https://0177.0.0.1/x", // in octal
  "https://0x7f.0.0.1/x",
  "https://127.0.0.1./x",
  "https://0.0.0.0/x",
  "https://10.1.2.3/x",
  "https://172.16.0.1/x",
  "https://172.31.255.255/x",
  "https://192.168.1.1/x",
  "https://169.254.169.254/latest/meta-data/",
  "https://100.64.0.1/x", // carrier-grade NAT
  "https://100.127.255.255/x",
  "https://[::1]/x",
  "https://[::]/x",
  "https://[0:0:0:0:0:0:0:1]/x",
  "https://[::ffff:127.0.0.1]/x", // IPv4-mapped
  "https://[::ffff:7f00:1]/x",
  "https://[::ffff:169.254.169.254]/x",
  "https://[::ffff:a9fe:a9fe]/x",
  "https://[64:ff9b::10.0.0.1]/x", // NAT64
  "https://[fd00:ec2::254]/x", // AWS metadata over IPv6 (unique local)
  "https://[fc00::1]/x",
  "https://[fe80::1]/x",
  "https://8.8.8.8/x", // public, but an IP: receivers are named
  "https://[2606:4700:4700::1111]/x",
  // Ports: loopback and IP hosts with any port, and a public name with a port of an internal service.
  "https://localhost:443/x",
  "https://127.0.0.1:8443/x",
  "https://[::ffff:7f00:1]:443/x",
  "https://hooks.example.com:22/x", // ssh
  "https://hooks.example.com:25/x", // smtp
  "https://hooks.example.com:80/x", // https to the http port: only 443 and unprivileged ports are allowed
  "https://hooks.example.com:6379/x", // redis
  "https://hooks.example.com:5432/x", // postgres
  "https://hooks.example.com:11211/x", // memcached
  // Other spellings of this machine.
  "https://0/x",
  "https://017700000001/x", // 127.0.0.1 in octal, one number
  "https://[::ffff:0:127.0.0.1]/x", // IPv4-translated
  "https://[::127.0.0.1]/x", // IPv4-compatible
  "https://[0::ffff:127.0.0.1]/x",
  "https://LocalHost/x",
  "https://localhost../x",
  "https://LOCALHOST.localdomain/x",
  "https://127.0.0.1%2e/x", // percent-encoded trailing dot
  "https://%6c%6f%63%61%6c%68%6f%73%74/x", // percent-encoded "localhost"
  "https://%31%32%37.0.0.1/x", // percent-encoded 127
  "https://\uff4c\uff4f\uff43\uff41\uff4c\uff48\uff4f\uff53\uff54/x", // fullwidth "localhost" (IDNA maps it)
  "https://\uff11\uff12\uff17.0.0.1/x", // fullwidth 127
  "https://127\u30020\u30020\u30021/x", // ideographic full stops
  "https://\u24db\u24de\u24d2\u24d0\u24db\u24d7\u24de\u24e2\u24e3/x", // circled letters
  "https://metadata.google.internal%2e/x",
  // Userinfo and fragments that disguise the host from a reader (or another parser).
  "https://hooks.example.com@127.0.0.1/x",
  "https://127.0.0.1@hooks.example.com/x",
  "https://hooks.example.com%40127.0.0.1/x",
  "https://evil.example.com#@127.0.0.1",
  "https://evil.example.com/x#frag",
];

const ACCEPTED = [
  "https://hooks.example.com/x",
  "https://hooks.example.com:8443/lucid?token=abc",
  "https://HOOKS.Example.com./x",
  "https://127.0.0.1.nip.io.example.com/x",
  "https://hooks.example.com:443/x",
  "https://hooks.example.com:3000/x",
  "https://b\u00fccher.example.com/x", // an IDN name is a name like any other
];

describe("webhook URL safety", () => {
  it.each(REFUSED)("refuses %s", (url) => {
    expect(outboundUrlProblem(url, false)).not.toBeNull();
  });

  it.each(ACCEPTED)("accepts %s", (url) => {
    expect(outboundUrlProblem(url, false)).toBeNull();
  });

  it("allows this machine over http only when local development allows loopback", () => {
    for (const url of [
      "http://127.0.0.1:9000/hook",
      "http://localhost:9000/hook",
      "http://[::1]:9000/hook",
      "http://receiver.localhost/hook",
      "http://[::ffff:0:127.0.0.1]:22/hook",
    ]) {
      expect(outboundUrlProblem(url, true), url).toBeNull();
      expect(outboundUrlProblem(url, false), url).not.toBeNull();
    }
    for (const url of ["http://hooks.example.com/x", "http://10.0.0.1/x", "http://169.254.169.254/", "http://[::ffff:10.0.0.1]/"]) {
      expect(outboundUrlProblem(url, true), url).not.toBeNull();
    }
  });

  it("refuses unsafe URLs at creation and update with invalid_request_error", async () => {
    for (const url of ["http://127.0.0.1:8787/hook", "https://169.254.169.254/", "https://[::ffff:10.0.0.1]/", "https://metadata.google.internal/"]) {
      const response = await api("/v1/webhooks", { method: "POST", json: { url, enabled_events: ["agent.created"] } });
      expect(response.status, url).toBe(400);
      expect(await response.json()).toMatchObject({ error: { type: "invalid_request_error", message: expect.stringContaining("url:") } });
    }
    const created = (await (
      await api("/v1/webhooks", { method: "POST", json: { url: "https://hooks.example.com/ssrf", enabled_events: ["agent.created"] } })
    ).json()) as { id: string };
    const update = await api(`/v1/webhooks/${created.id}`, { method: "POST", json: { url: "https://10.0.0.8/hook" } });
    expect(update.status).toBe(400);
    expect(await (await api(`/v1/webhooks/${created.id}`)).json()).toMatchObject({ url: "https://hooks.example.com/ssrf" });
  });
});
