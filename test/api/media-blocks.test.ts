// Images and documents in a user's message are checked as the Messages API would check them (base64 that decodes, a
// media type it accepts, a source Lucid can pass on) before they are stored in the transcript.
import Anthropic from "@anthropic-ai/sdk";
import { beforeAll, describe, expect, it } from "vitest";
import { allEvents, createAgent, createEnvironment, newTenantClient, waitForStatus } from "../fixtures/lucid";
import { scriptReplies, textReply } from "../fixtures/simulator";

type ContentBlock = Anthropic.Beta.Sessions.BetaManagedAgentsUserMessageEventParams["content"][number];

/** A 1×1 transparent PNG. */
const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";

let client: Anthropic;
let sessionId: string;

function message(content: unknown[]) {
  return client.beta.sessions.events.send(sessionId, { events: [{ type: "user.message", content: content as ContentBlock[] }] });
}

describe("image and document blocks", () => {
  beforeAll(async () => {
    client = await newTenantClient("media");
    const agent = await createAgent(client);
    const session = await client.beta.sessions.create({ agent: agent.id, environment_id: (await createEnvironment(client)).id });
    sessionId = session.id;
  });

  it("refuses data that is not base64, a media type the model does not take, and sources Lucid cannot pass on", async () => {
    const cases: [string, unknown, RegExp][] = [
      ["data that is not base64", { type: "image", source: { type: "base64", media_type: "image/png", data: "!!!" } }, /source\.data: must be base64/],
      [
        "base64 without its padding",
        { type: "image", source: { type: "base64", media_type: "image/png", data: PNG.replace(/=+$/, "") } },
        /source\.data: must be base64 padded/,
      ],
      ["an empty image", { type: "image", source: { type: "base64", media_type: "image/png", data: "" } }, /source\.data/],
      [
        "an SVG image",
        { type: "image", source: { type: "base64", media_type: "image/svg+xml", data: PNG } },
        /source\.media_type: must be one of image\/jpeg, image\/png, image\/gif, image\/webp/,
      ],
      [
        "a base64 document that is not a PDF",
        { type: "document", source: { type: "base64", media_type: "text/html", data: PNG } },
        /source\.media_type: must be application\/pdf/,
      ],
      ["an image by file id", { type: "image", source: { type: "file", file_id: "file_123" } }, /need the Files API/],
      ["an image at a javascript: URL", { type: "image", source: { type: "url", url: "javascript:alert(1)" } }, /source\.url: must be an http or https URL/],
      [
        "an image with a field the API does not have",
        { type: "image", source: { type: "base64", media_type: "image/png", data: PNG, note: "x" } },
        /note: unknown field/,
      ],
    ];
    for (const [what, block, expected] of cases) {
      const error = await message([block]).catch((e: unknown) => e);
      expect(error, what).toBeInstanceOf(Anthropic.BadRequestError);
      expect((error as InstanceType<typeof Anthropic.BadRequestError>).message, what).toMatch(expected);
    }
    expect((await allEvents(client, sessionId)).filter((event) => event.type === "user.message")).toEqual([]);
  });

  it("stores a valid image, a PDF, a text document and images by URL as they were sent", async () => {
    await scriptReplies(sessionId, [textReply("I see a pixel.")]);
    const blocks = [
      { type: "text", text: "What are these?" },
      { type: "image", source: { type: "base64", media_type: "image/png", data: PNG } },
      { type: "image", source: { type: "url", url: "https://example.com/cat.webp" } },
      { type: "document", source: { type: "base64", media_type: "application/pdf", data: "JVBERi0xLjQK" }, title: "Lease" },
      { type: "document", source: { type: "text", media_type: "text/plain", data: "Plain terms." }, context: "The annex." },
    ];
    await message(blocks);
    await waitForStatus(client, sessionId, ["idle"]);
    const sent = (await allEvents(client, sessionId)).find((event) => event.type === "user.message") as { content: unknown[] };
    expect(sent.content).toEqual(blocks);
  });
});
