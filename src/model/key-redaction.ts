// Keeps ANTHROPIC_API_KEY out of model errors: an upstream that echoes the key in an error body gets it blanked out.

const REDACTED = "[redacted]";

/**
 * A fetch for the SDK that passes successful replies through untouched and removes `apiKey` from error bodies, which
 * the SDK copies into error messages that sessions record as events and the runtime logs.
 */
export function fetchRedactingKey(apiKey: string): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    if (response.ok) return response;
    const body = (await response.text()).replaceAll(apiKey, REDACTED);
    const headers = new Headers(response.headers);
    headers.delete("content-length"); // the body's length may have changed
    return new Response(body, { status: response.status, statusText: response.statusText, headers });
  };
}
