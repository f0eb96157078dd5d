// `lucid webhooks create|list|show|update|delete|test|deliveries|redeliver`: endpoints and their delivery log.
import type { WebhookDelivery, WebhookEndpoint, WebhookEndpointUpdate } from "../../client/index";
import { WebhookEventType } from "../../src/schemas/webhook-event";
import { positiveInteger, UsageError } from "../argv";
import type { Command, CommandContext } from "../command";
import { table } from "../output";

const ENDPOINT_FLAGS = {
  url: { type: "string", value: "<https://…>", description: "where deliveries are POSTed" },
  events: { type: "string", value: "<type,…>", description: `event types, e.g. session.status_idled,dream.completed` },
  name: { type: "string", value: "<name>", description: "a name for people" },
  description: { type: "string", value: "<text>", description: "what it is for" },
} as const;

function eventTypes(value: string): WebhookEventType[] {
  return value.split(",").map((type) => {
    const parsed = WebhookEventType.safeParse(type.trim());
    if (!parsed.success) throw new UsageError(`unknown event type "${type.trim()}" (known: ${WebhookEventType.options.join(", ")})`);
    return parsed.data;
  });
}

function printEndpoint(context: CommandContext, endpoint: WebhookEndpoint & { signing_secret?: string }): void {
  if (context.json) return context.out.json(endpoint);
  const { out } = context;
  out.line(`${endpoint.id}  ${endpoint.url}  ${endpoint.state}${endpoint.disabled_reason ? ` (${endpoint.disabled_reason})` : ""}`);
  if (endpoint.name) out.line(`  name     ${endpoint.name}`);
  out.line(`  events   ${endpoint.enabled_events.join(", ")}`);
  if (endpoint.signing_secret) out.line(`  secret   ${endpoint.signing_secret}   (shown only now: keep it to verify deliveries)`);
}

const describeDelivery = (delivery: WebhookDelivery) => {
  const last = delivery.attempts.at(-1);
  const outcome = last ? (last.status_code ? `HTTP ${last.status_code}` : (last.error ?? "no answer")) : "not tried yet";
  return [delivery.id, delivery.event_type, delivery.status, String(delivery.attempts.length), outcome, delivery.created_at];
};

const create: Command = {
  path: ["webhooks", "create"],
  args: [],
  summary: "register an endpoint; its signing secret is shown once",
  flags: ENDPOINT_FLAGS,
  async run(context, args) {
    const url = args.string("url");
    const events = args.string("events");
    if (!url || !events) throw new UsageError("--url and --events are required");
    const name = args.string("name");
    const description = args.string("description");
    printEndpoint(
      context,
      await context.lucid.webhooks.create({ url, enabled_events: eventTypes(events), ...(name ? { name } : {}), ...(description ? { description } : {}) }),
    );
    return 0;
  },
};

const list: Command = {
  path: ["webhooks", "list"],
  args: [],
  summary: "list endpoints",
  flags: {},
  async run(context) {
    const endpoints: WebhookEndpoint[] = [];
    for await (const endpoint of context.lucid.webhooks.list()) endpoints.push(endpoint);
    if (context.json) return (context.out.json({ data: endpoints }), 0);
    if (!endpoints.length) return (context.out.line("No webhook endpoints."), 0);
    context.out.line(
      table(
        ["ID", "URL", "STATE", "EVENTS"],
        endpoints.map((endpoint) => [endpoint.id, endpoint.url, endpoint.state, endpoint.enabled_events.join(",")]),
      ),
    );
    return 0;
  },
};

const show: Command = {
  path: ["webhooks", "show"],
  args: ["<endpoint>"],
  summary: "show an endpoint",
  flags: {},
  async run(context, args) {
    printEndpoint(context, await context.lucid.webhooks.retrieve(args.positionals[0]!));
    return 0;
  },
};

const update: Command = {
  path: ["webhooks", "update"],
  args: ["<endpoint>"],
  summary: "change an endpoint; --enable / --disable turn it on or off",
  flags: { ...ENDPOINT_FLAGS, enable: { type: "boolean", description: "resume deliveries" }, disable: { type: "boolean", description: "stop deliveries" } },
  async run(context, args) {
    if (args.bool("enable") && args.bool("disable")) throw new UsageError("give --enable or --disable, not both");
    const patch: WebhookEndpointUpdate = {};
    const url = args.string("url");
    if (url !== undefined) patch.url = url;
    const events = args.string("events");
    if (events !== undefined) patch.enabled_events = eventTypes(events);
    const name = args.string("name");
    if (name !== undefined) patch.name = name;
    const description = args.string("description");
    if (description !== undefined) patch.description = description;
    if (args.bool("enable")) patch.state = "enabled";
    if (args.bool("disable")) patch.state = "disabled";
    if (!Object.keys(patch).length) throw new UsageError("name at least one change (see lucid webhooks update --help)");
    printEndpoint(context, await context.lucid.webhooks.update(args.positionals[0]!, patch));
    return 0;
  },
};

const remove: Command = {
  path: ["webhooks", "delete"],
  args: ["<endpoint>"],
  summary: "delete an endpoint and its delivery log",
  flags: {},
  async run(context, args) {
    const deleted = await context.lucid.webhooks.delete(args.positionals[0]!);
    if (context.json) return (context.out.json(deleted), 0);
    context.out.line(`Deleted ${deleted.id}.`);
    return 0;
  },
};

const test: Command = {
  path: ["webhooks", "test"],
  args: ["<endpoint>"],
  summary: "send a webhook.test event to this endpoint",
  flags: {},
  async run(context, args) {
    const delivery = await context.lucid.webhooks.test(args.positionals[0]!);
    if (context.json) return (context.out.json(delivery), 0);
    context.out.line(`Queued ${delivery.event_type} as ${delivery.id}: lucid webhooks deliveries ${delivery.endpoint_id}`);
    return 0;
  },
};

const deliveries: Command = {
  path: ["webhooks", "deliveries"],
  args: ["<endpoint>"],
  summary: "the delivery log: each event, its status and attempts",
  flags: { limit: { type: "string", value: "<n>", description: "at most this many (default 20)" } },
  async run(context, args) {
    const limit = positiveInteger("limit", args.string("limit") ?? "20");
    const found: WebhookDelivery[] = [];
    for await (const delivery of context.lucid.webhooks.deliveries(args.positionals[0]!)) {
      if (found.length >= limit) break;
      found.push(delivery);
    }
    if (context.json) return (context.out.json({ data: found }), 0);
    if (!found.length) return (context.out.line("No deliveries yet."), 0);
    context.out.line(table(["DELIVERY", "EVENT", "STATUS", "ATTEMPTS", "LAST", "CREATED"], found.map(describeDelivery)));
    return 0;
  },
};

const redeliver: Command = {
  path: ["webhooks", "redeliver"],
  args: ["<endpoint>", "<delivery>"],
  summary: "send a settled delivery again (same webhook-id)",
  flags: {},
  async run(context, args) {
    const delivery = await context.lucid.webhooks.redeliver(args.positionals[0]!, args.positionals[1]!);
    if (context.json) return (context.out.json(delivery), 0);
    context.out.line(`Redelivering ${delivery.id} (${delivery.event_type}).`);
    return 0;
  },
};

export const webhookCommands: Command[] = [create, list, show, update, remove, test, deliveries, redeliver];
