// The secret box: sealed values name their key, open only for their record, survive a key rotation, refuse tampering.
import { describe, expect, it } from "vitest";
import { ApiError } from "../../src/platform/errors";
import { openSecret, sealSecret } from "../../src/secrets/secret-box";

const randomKey = () => btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));
const OLD_KEY = randomKey();
const NEW_KEY = randomKey();
const RECORD = "webhook_endpoint.signing_secret:tnt_a:whep_1";

async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  expect((error as ApiError).status).toBe(500);
  expect((error as ApiError).type).toBe("api_error");
  return error as ApiError;
}

describe("the secret box", () => {
  it("seals into a versioned value that names its key and holds nothing of the secret, and opens it again", async () => {
    const sealed = await sealSecret({ LUCID_SECRETS_KEY: NEW_KEY }, "whsec_top-secret", RECORD);
    expect(sealed).toMatch(/^v1:[0-9a-f]{8}:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    expect(sealed).not.toContain("top-secret");
    expect(await sealSecret({ LUCID_SECRETS_KEY: NEW_KEY }, "whsec_top-secret", RECORD)).not.toBe(sealed); // a fresh IV each time
    expect(await openSecret({ LUCID_SECRETS_KEY: NEW_KEY }, sealed, RECORD)).toEqual({ plaintext: "whsec_top-secret", sealedUnderPreviousKey: false });
  });

  it("opens values sealed under the old key after a rotation, saying they should be sealed again", async () => {
    const sealedBefore = await sealSecret({ LUCID_SECRETS_KEY: OLD_KEY }, "whsec_kept", RECORD);
    const rotated = { LUCID_SECRETS_KEY: NEW_KEY, LUCID_SECRETS_KEY_PREVIOUS: OLD_KEY };
    expect(await openSecret(rotated, sealedBefore, RECORD)).toEqual({ plaintext: "whsec_kept", sealedUnderPreviousKey: true });
    const sealedAfter = await sealSecret(rotated, "whsec_kept", RECORD);
    expect(sealedAfter.split(":")[1]).not.toBe(sealedBefore.split(":")[1]);
    expect(await openSecret(rotated, sealedAfter, RECORD)).toEqual({ plaintext: "whsec_kept", sealedUnderPreviousKey: false });
    // Once the previous key is gone, what only it sealed no longer opens, and the error names the key, never the secret.
    const error = await refusal(openSecret({ LUCID_SECRETS_KEY: NEW_KEY }, sealedBefore, RECORD));
    expect(error.message).toContain(`sealed under key ${sealedBefore.split(":")[1]}`);
    expect(error.message).toContain("LUCID_SECRETS_KEY_PREVIOUS");
  });

  it("refuses a value that was altered or moved to another record", async () => {
    const keys = { LUCID_SECRETS_KEY: NEW_KEY };
    const sealed = await sealSecret(keys, "whsec_bound", RECORD);
    const [version, keyId, iv, ciphertext] = sealed.split(":") as [string, string, string, string];
    const bytes = Uint8Array.from(atob(ciphertext), (char) => char.charCodeAt(0));
    bytes[0] = bytes[0]! ^ 1;
    const altered = [version, keyId, iv, btoa(String.fromCharCode(...bytes))].join(":");
    expect((await refusal(openSecret(keys, altered, RECORD))).message).toMatch(/altered, or sealed for another record/);
    expect((await refusal(openSecret(keys, sealed, "webhook_endpoint.signing_secret:tnt_a:whep_2"))).message).toMatch(/sealed for another record/);
    expect((await refusal(openSecret(keys, "whsec_not-sealed", RECORD))).message).toMatch(/not in a sealed format/);
  });

  it("refuses to seal or open without a well-formed key, saying how to set one", async () => {
    const missing = await refusal(sealSecret({}, "whsec_x", RECORD));
    expect(missing.message).toMatch(/LUCID_SECRETS_KEY is not set/);
    expect(missing.message).toContain("wrangler secret put LUCID_SECRETS_KEY");
    expect((await refusal(sealSecret({ LUCID_SECRETS_KEY: "too-short" }, "whsec_x", RECORD))).message).toMatch(/base64 of exactly 32 random bytes/);
    const sealed = await sealSecret({ LUCID_SECRETS_KEY: NEW_KEY }, "whsec_x", RECORD);
    expect((await refusal(openSecret({ LUCID_SECRETS_KEY: NEW_KEY, LUCID_SECRETS_KEY_PREVIOUS: "!!" }, sealed, RECORD))).message).toMatch(
      /LUCID_SECRETS_KEY_PREVIOUS must be the base64/,
    );
  });
});
