// SSRF refusals: webhook URLs may reach only public https hosts by name (or this machine, when developing locally).
import { describe, expect, it } from "vitest";
import { webhookUrlProblem } from "../../src/webhooks/url-safety";
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
];

const ACCEPTED = ["https://hooks.example.com/x", "https://hooks.example.com:8443/lucid?token=abc", "https://HOOKS.Example.com./x", "https://127.0.0.1.nip.io.example.com/x"];

describe("webhook URL safety", () => {
  it.each(REFUSED)("refuses %s", (url) => {
    expect(webhookUrlProblem(url, false)).not.toBeNull();
  });

  it.each(ACCEPTED)("accepts %s", (url) => {
    expect(webhookUrlProblem(url, false)).toBeNull();
  });

  it("allows this machine over http only when local development allows loopback", () => {
    for (const url of ["http://127.0.0.1:9000/hook", "http://localhost:9000/hook", "http://[::1]:9000/hook", "http://receiver.localhost/hook"]) {
      expect(webhookUrlProblem(url, true), url).toBeNull();
      expect(webhookUrlProblem(url, false), url).not.toBeNull();
    }
    for (const url of ["http://hooks.example.com/x", "http://10.0.0.1/x", "http://169.254.169.254/", "http://[::ffff:10.0.0.1]/"]) {
      expect(webhookUrlProblem(url, true), url).not.toBeNull();
    }
  });

  it("refuses unsafe URLs at creation and update with invalid_request_error", async () => {
    for (const url of ["http://127.0.0.1:8787/hook", "https://169.254.169.254/", "https://[::ffff:10.0.0.1]/", "https://metadata.google.internal/"]) {
      const response = await api("/v1/webhooks", { method: "POST", json: { url, enabled_events: ["agent.created"] } });
      expect(response.status, url).toBe(400);
      expect(await response.json()).toMatchObject({ error: { type: "invalid_request_error", message: expect.stringContaining("url:") } });
    }
    const created = (await (await api("/v1/webhooks", { method: "POST", json: { url: "https://hooks.example.com/ssrf", enabled_events: ["agent.created"] } })).json()) as { id: string };
    const update = await api(`/v1/webhooks/${created.id}`, { method: "POST", json: { url: "https://10.0.0.8/hook" } });
    expect(update.status).toBe(400);
    expect(await (await api(`/v1/webhooks/${created.id}`)).json()).toMatchObject({ url: "https://hooks.example.com/ssrf" });
  });
});
