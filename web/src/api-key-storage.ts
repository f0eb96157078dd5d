// The signed-in API key, kept in sessionStorage so it lives only as long as the browser tab.
const API_KEY_STORAGE_KEY = "lucid.apiKey";

export function readStoredApiKey(): string | null {
  return sessionStorage.getItem(API_KEY_STORAGE_KEY);
}

export function storeApiKey(apiKey: string): void {
  sessionStorage.setItem(API_KEY_STORAGE_KEY, apiKey);
}

export function forgetApiKey(): void {
  sessionStorage.removeItem(API_KEY_STORAGE_KEY);
}
