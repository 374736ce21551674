import type { StorageClients } from "./storageClients";

/** True when the token cache container can be reached (and created if it was missing). */
export async function checkStorage(storage: StorageClients): Promise<boolean> {
  try {
    await storage.ensureCreated();
    await storage.tokenCaches.getProperties({ abortSignal: AbortSignal.timeout(5000) });
    return true;
  } catch {
    return false;
  }
}
